namespace Neuron.Functions.Burst;

/// <summary>A burst container group as the controller sees it.</summary>
/// <param name="Name">ARM name of the container group.</param>
/// <param name="State">Provisioning state, simplified.</param>
/// <param name="CreatedAt">When the controller created it (tag "neuron-created").</param>
/// <param name="LastDemandAt">Last time it was needed (tag "neuron-last-demand"), if ever.</param>
/// <param name="PrivateIp">Its address in the burst subnet (ARM properties.ipAddress.ip), once running.</param>
public sealed record BurstGroup(string Name, BurstGroupState State, DateTimeOffset CreatedAt, DateTimeOffset? LastDemandAt, string? PrivateIp = null)
{
    /// <summary>The later of creation and last demand: idleness is measured from here.</summary>
    public DateTimeOffset LastActiveAt => LastDemandAt is { } demand && demand > CreatedAt ? demand : CreatedAt;
}
