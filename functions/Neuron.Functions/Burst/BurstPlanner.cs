namespace Neuron.Functions.Burst;

/// <summary>
/// The burst decision, pure: from what exists and how long the queue is, decide how
/// many container groups to start, which to delete and which are still needed.
/// Invariant: the groups kept plus the groups created never exceed MaxGroups.
/// </summary>
public static class BurstPlanner
{
    public static BurstPlan Plan(BurstSnapshot snapshot, BurstOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(options);

        var deletions = new List<BurstDeletion>();
        var healthy = new List<BurstGroup>();
        foreach (var group in snapshot.Groups)
        {
            if (group.State == BurstGroupState.Broken)
            {
                deletions.Add(new BurstDeletion(group.Name, BurstDeletionReason.Broken));
            }
            else if (group.State == BurstGroupState.Starting && snapshot.Now - group.CreatedAt >= options.StartTimeout)
            {
                deletions.Add(new BurstDeletion(group.Name, BurstDeletionReason.StartTimedOut));
            }
            else
            {
                healthy.Add(group);
            }
        }

        var desired = DesiredGroups(snapshot, options);

        // The most recently active groups are the ones kept busy; the rest age out.
        var byActivity = healthy
            .OrderByDescending(g => g.LastActiveAt)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();
        var needed = byActivity.Take(desired).ToList();
        var spare = byActivity.Skip(desired).Reverse().ToList();

        var overMaximum = Math.Max(0, healthy.Count - Math.Max(0, options.MaxGroups));
        foreach (var group in spare)
        {
            if (overMaximum > 0)
            {
                deletions.Add(new BurstDeletion(group.Name, BurstDeletionReason.OverMaximum));
                overMaximum--;
            }
            else if (snapshot.Now - group.LastActiveAt >= options.IdleTimeout)
            {
                deletions.Add(new BurstDeletion(group.Name, BurstDeletionReason.Idle));
            }
        }

        var touch = needed
            .Where(g => g.State == BurstGroupState.Running)
            .Where(g => g.LastDemandAt is not { } last || snapshot.Now - last >= options.TouchInterval)
            .Select(g => g.Name)
            .ToList();

        var create = Math.Max(0, desired - healthy.Count);
        return new BurstPlan(create, deletions, touch, desired);
    }

    /// <summary>Groups the backlog beyond the VMs' capacity calls for, capped at the maximum.</summary>
    private static int DesiredGroups(BurstSnapshot snapshot, BurstOptions options)
    {
        var backlog = Math.Max(0, snapshot.QueueDepth - Math.Max(0, snapshot.VmCapacity));
        if (backlog < options.StartBacklog)
        {
            return 0;
        }

        var wanted = (backlog + options.RunsPerGroup - 1) / options.RunsPerGroup;
        return Math.Min(wanted, Math.Max(0, options.MaxGroups));
    }
}
