namespace Neuron.Functions.Burst;

/// <summary>Reads how many runs wait in the queue.</summary>
public interface IQueueDepthProbe
{
    Task<int> GetDepthAsync(CancellationToken cancellationToken);
}
