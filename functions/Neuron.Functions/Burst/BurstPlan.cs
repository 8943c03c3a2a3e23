namespace Neuron.Functions.Burst;

/// <summary>What the controller does this tick: the output of <see cref="BurstPlanner"/>.</summary>
/// <param name="Create">Number of new container groups to start.</param>
/// <param name="Delete">Groups to delete, with the reason for each.</param>
/// <param name="Touch">Groups still needed whose last-demand tag should be refreshed.</param>
/// <param name="Desired">How many groups the backlog calls for (capped at the maximum).</param>
public sealed record BurstPlan(int Create, IReadOnlyList<BurstDeletion> Delete, IReadOnlyList<string> Touch, int Desired)
{
    public bool IsEmpty => Create == 0 && Delete.Count == 0 && Touch.Count == 0;
}
