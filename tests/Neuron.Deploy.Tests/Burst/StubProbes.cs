using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>Queue depth and VM capacity as a test sets them; counts reads.</summary>
public sealed class StubProbes(int queueDepth, int vmCapacity) : IQueueDepthProbe, IRunnerCapacityProbe
{
    public int Reads { get; private set; }

    public Task<int> GetDepthAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(queueDepth);
    }

    public Task<int> GetVmCapacityAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(vmCapacity);
    }
}
