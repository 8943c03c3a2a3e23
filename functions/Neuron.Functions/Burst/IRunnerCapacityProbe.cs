namespace Neuron.Functions.Burst;

/// <summary>Reads how many runs the VM runner pool can serve at once.</summary>
public interface IRunnerCapacityProbe
{
    Task<int> GetVmCapacityAsync(CancellationToken cancellationToken);
}
