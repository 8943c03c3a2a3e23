namespace Neuron.Functions.Burst;

/// <summary>A group the plan deletes, and why (logged).</summary>
public sealed record BurstDeletion(string Name, BurstDeletionReason Reason);
