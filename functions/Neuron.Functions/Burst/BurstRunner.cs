namespace Neuron.Functions.Burst;

/// <summary>A running burst container group's runner agent, reachable at its private IP inside the VNet.</summary>
public sealed record BurstRunner(string Name, Uri Url);
