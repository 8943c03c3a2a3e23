namespace Neuron.Functions.Dispatch;

/// <summary>Thrown to fail a dispatch invocation so that the queue retries it later.</summary>
public sealed class RunnerUnavailableException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
