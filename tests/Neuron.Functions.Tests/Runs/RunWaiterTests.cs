using Neuron.Functions.Runs;

namespace Neuron.Functions.Tests.Runs;

public sealed class RunWaiterTests
{
    [Theory]
    [InlineData(0, 250)]
    [InlineData(100, 250)]
    [InlineData(400, 1000)]
    [InlineData(1000, 2500)]
    [InlineData(100_000, 5000)]
    public void ReReadInterval_GrowsWithTheNumberOfWaiters_SoStorageReadsStayBounded(int waiting, int maxIntervalMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(maxIntervalMs), RunWaiter.MaxInterval(waiting));
}
