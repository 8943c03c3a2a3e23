namespace Neuron.Functions.Tests.Support;

/// <summary>
/// Real time plus an offset the test moves forward: "two minutes later" without waiting, while timers, delays and
/// timestamps keep running normally (so the app's pollers and Azure's clients behave as in production).
/// </summary>
public sealed class OffsetTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
