using Neuron.Functions.Runs;

namespace Neuron.Functions.Tests.Runs;

public sealed class RunWaiterTests
{
    [Theory]
    [InlineData(0, 250)]
    [InlineData(10, 250)]
    [InlineData(100, 2000)]
    [InlineData(400, 8000)]
    [InlineData(1000, 10_000)]
    [InlineData(100_000, 10_000)]
    public void ReReadInterval_GrowsWithTheNumberOfWaiters_SoStorageReadsStayBounded(int waiting, int maxIntervalMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(maxIntervalMs), RunWaiter.MaxInterval(waiting));
}
