using Neuron.Functions.Runs;

namespace Neuron.Functions.Tests.Runs;

public sealed class RunWaiterTests
{
    [Theory]
    // One waiter: 25 ms first, doubling up to 250 ms.
    [InlineData(0, 1, 25)]
    [InlineData(25, 1, 50)]
    [InlineData(200, 1, 250)]
    [InlineData(250, 1, 250)]
    // Ten: their share (200 ms) is below 25 ms doubled a few times; the pause still stops at 250 ms.
    [InlineData(0, 10, 200)]
    [InlineData(200, 10, 250)]
    // Many: every pause, the first included, is at least their share of 50 reads a second, at most 10 s.
    [InlineData(0, 100, 2000)]
    [InlineData(2000, 100, 2000)]
    [InlineData(0, 400, 8000)]
    [InlineData(0, 1000, 10_000)]
    [InlineData(10_000, 100_000, 10_000)]
    // Fewer waiters than at the last pause: the pause shrinks to the new share's bound.
    [InlineData(8000, 10, 250)]
    public void ReReadPause_DoublesWithinTheWaitersShareOfTheReadBudget(int lastMs, int waiting, int nextMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(nextMs), RunWaiter.NextInterval(TimeSpan.FromMilliseconds(lastMs), waiting));
}
