namespace Neuron.Deploy.Tests.Burst;

/// <summary>A clock that reads a fixed time (delays still run on the system timer).</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
