namespace Neuron.Functions.Burst;

/// <summary>Everything one planning decision looks at, read once per timer tick.</summary>
/// <param name="Now">The time of the tick.</param>
/// <param name="QueueDepth">Approximate number of messages in the runs queue.</param>
/// <param name="VmCapacity">Concurrent runs the VM scale set can serve now.</param>
/// <param name="Groups">The burst container groups that exist.</param>
public sealed record BurstSnapshot(DateTimeOffset Now, int QueueDepth, int VmCapacity, IReadOnlyList<BurstGroup> Groups);
