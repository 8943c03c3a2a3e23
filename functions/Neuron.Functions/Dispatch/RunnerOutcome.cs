using Neuron.Runner.Contracts;

namespace Neuron.Functions.Dispatch;

/// <summary>What one call to the runner came to.</summary>
public abstract record RunnerOutcome
{
    /// <summary>The runner ran it (whatever the verdict).</summary>
    public sealed record Executed(ExecuteResult Result) : RunnerOutcome;

    /// <summary>Busy (503), down, or timed out: worth retrying later.</summary>
    public sealed record Unavailable(string Reason, TimeSpan? RetryAfter) : RunnerOutcome;

    /// <summary>The runner refused the request (4xx): retrying cannot help.</summary>
    public sealed record Rejected(int StatusCode, string Detail) : RunnerOutcome;
}
