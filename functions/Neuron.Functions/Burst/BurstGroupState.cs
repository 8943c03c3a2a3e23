namespace Neuron.Functions.Burst;

/// <summary>What the controller needs to know of a container group's ARM provisioning state.</summary>
public enum BurstGroupState
{
    /// <summary>Being created or updated (ARM "Creating", "Pending", "Updating", "Accepted").</summary>
    Starting,

    /// <summary>Provisioned and serving (ARM "Succeeded").</summary>
    Running,

    /// <summary>Failed, being deleted, or in any state it will not leave by itself.</summary>
    Broken,
}
