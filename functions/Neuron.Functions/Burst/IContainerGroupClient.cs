namespace Neuron.Functions.Burst;

/// <summary>The burst controller's view of Azure Container Instances.</summary>
public interface IContainerGroupClient
{
    /// <summary>The burst container groups of the resource group.</summary>
    Task<IReadOnlyList<BurstGroup>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Creates a runner container group and waits until ARM reports it provisioned.</summary>
    Task CreateAsync(string name, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes a container group and waits until ARM reports it gone.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken);

    /// <summary>Records that the group is still needed (its last-demand tag).</summary>
    Task TouchAsync(BurstGroup group, DateTimeOffset now, CancellationToken cancellationToken);
}
