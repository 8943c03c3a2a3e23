using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

/// <summary>What one call to the runner came to.</summary>
public abstract record RunnerOutcome
{
    /// <summary>The runner ran it (whatever the verdict).</summary>
    public sealed record Executed(ExecuteResult Result) : RunnerOutcome;

    /// <summary>Busy (503), down, or timed out: worth retrying later.</summary>
    /// <param name="Reason">What went wrong, for the run's error and the logs.</param>
    /// <param name="RetryAfter">The runner's Retry-After, if it gave one.</param>
    /// <param name="NotStarted">The run certainly did not start there (busy, or no connection): another runner may take it now.</param>
    public sealed record Unavailable(string Reason, TimeSpan? RetryAfter, bool NotStarted = false) : RunnerOutcome;

    /// <summary>The runner refused the request (4xx): retrying cannot help.</summary>
    public sealed record Rejected(int StatusCode, string Detail) : RunnerOutcome;
}
