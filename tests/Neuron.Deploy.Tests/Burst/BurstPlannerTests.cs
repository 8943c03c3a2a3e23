using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>The pure burst decision, table-driven. Defaults: max 3 groups, 2 runs per group, idle 10 min, touch 2 min, start timeout 10 min.</summary>
public sealed class BurstPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A group created <paramref name="createdMinutesAgo"/> minutes ago, last needed <paramref name="demandMinutesAgo"/> minutes ago.</summary>
    private static BurstGroup G(string name, BurstGroupState state, int createdMinutesAgo, int? demandMinutesAgo = null) =>
        new(name, state, Now.AddMinutes(-createdMinutesAgo), demandMinutesAgo is { } d ? Now.AddMinutes(-d) : null);

    private const BurstGroupState Running = BurstGroupState.Running;
    private const BurstGroupState Starting = BurstGroupState.Starting;
    private const BurstGroupState Broken = BurstGroupState.Broken;

    public sealed record Case(
        string Because,
        int QueueDepth,
        int VmCapacity,
        BurstGroup[] Groups,
        int Create,
        string[] Delete,
        string[] Touch,
        int MaxGroups = 3,
        int StartBacklog = 1)
    {
        public override string ToString() => Because;
    }

    public static TheoryData<Case> Cases() =>
    [
        new("no backlog and no groups: nothing to do", 0, 0, [], 0, [], []),
        new("zero VMs and one queued run: start one group", 1, 0, [], 1, [], []),
        new("backlog the VMs can absorb: no burst", 8, 8, [], 0, [], []),
        new("backlog beyond the VMs: one group per two runs, rounded up", 13, 8, [], 3, [], []),
        new("a flood never starts more than the maximum", 500, 0, [], 3, [], []),
        new("below the start threshold: no burst", 2, 0, [], 0, [], [], StartBacklog: 3),
        new("at the start threshold: burst", 3, 0, [], 2, [], [], StartBacklog: 3),
        new("groups still starting count: no duplicate starts", 4, 0, [G("a", Starting, 1)], 1, [], []),
        new("at the maximum: start nothing, keep the needed ones marked", 500, 0,
            [G("a", Running, 20, 5), G("b", Running, 20, 1), G("c", Running, 20, 3)], 0, [], ["a", "c"]),
        new("idle past the timeout with no backlog: delete", 0, 0, [G("a", Running, 30, 11)], 0, ["a:Idle"], []),
        new("idle less than the timeout: keep", 0, 0, [G("a", Running, 30, 9)], 0, [], []),
        new("never needed since creation, past the timeout: delete", 0, 0, [G("a", Running, 11)], 0, ["a:Idle"], []),
        new("never needed since creation, within the timeout: keep", 0, 0, [G("a", Running, 5)], 0, [], []),
        new("broken group: delete it and start a replacement", 2, 0, [G("a", Broken, 3)], 1, ["a:Broken"], []),
        new("broken group with no backlog: delete only", 0, 0, [G("a", Broken, 3)], 0, ["a:Broken"], []),
        new("stuck starting past the start timeout: delete", 0, 0, [G("a", Starting, 11)], 0, ["a:StartTimedOut"], []),
        new("starting within the start timeout: keep", 0, 0, [G("a", Starting, 9)], 0, [], []),
        new("maximum lowered: the least recently active go first", 0, 0,
            [G("a", Running, 30, 1), G("b", Running, 30, 3), G("c", Running, 30, 5)], 0, ["c:OverMaximum", "b:OverMaximum"], [], MaxGroups: 1),
        new("maximum zero drains every group, whatever the backlog", 50, 0,
            [G("a", Running, 30, 1), G("b", Starting, 1)], 0, ["a:OverMaximum", "b:OverMaximum"], [], MaxGroups: 0),
        new("needed group with a stale mark: touch it", 2, 0, [G("a", Running, 30, 3)], 0, [], ["a"]),
        new("needed group with a fresh mark: leave it", 2, 0, [G("a", Running, 30, 1)], 0, [], []),
        new("needed group never marked: touch it", 2, 0, [G("a", Running, 1)], 0, [], ["a"]),
        new("starting groups are not touched", 2, 0, [G("a", Starting, 1)], 0, [], []),
        new("more groups than the backlog needs: the most recently active is kept busy, an idle one goes", 2, 0,
            [G("a", Running, 30, 3), G("b", Running, 30, 11)], 0, ["b:Idle"], ["a"]),
        new("more groups than needed but none idle yet: keep all", 2, 0,
            [G("a", Running, 30, 3), G("b", Running, 30, 5)], 0, [], ["a"]),
        new("VM capacity shrinks the backlog the groups must cover", 10, 6, [G("a", Running, 30, 1)], 1, [], []),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plan_DecidesWhatToStartStopAndTouch(Case row)
    {
        var options = BurstTestOptions.Create();
        options.MaxGroups = row.MaxGroups;
        options.StartBacklog = row.StartBacklog;

        var plan = BurstPlanner.Plan(new BurstSnapshot(Now, row.QueueDepth, row.VmCapacity, row.Groups), options);

        Assert.True(row.Create == plan.Create, $"{row.Because}: create {plan.Create}, expected {row.Create}");
        Assert.Equal(row.Delete.Order(StringComparer.Ordinal), plan.Delete.Select(d => $"{d.Name}:{d.Reason}").Order(StringComparer.Ordinal));
        Assert.Equal(row.Touch.Order(StringComparer.Ordinal), plan.Touch.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_NeverKeepsAndStartsMoreThanTheMaximum_AcrossManySituations()
    {
        var states = new[] { Running, Starting, Broken };
        for (var max = 0; max <= 4; max++)
        {
            for (var existing = 0; existing <= 6; existing++)
            {
                foreach (var depth in new[] { 0, 1, 3, 7, 40, 1000 })
                {
                    foreach (var vmCapacity in new[] { 0, 4, 16 })
                    {
                        var options = BurstTestOptions.Create();
                        options.MaxGroups = max;
                        var groups = Enumerable.Range(0, existing)
                            .Select(i => G($"g{i}", states[i % states.Length], createdMinutesAgo: i * 4, demandMinutesAgo: i % 2 == 0 ? i * 3 : null))
                            .ToArray();

                        var plan = BurstPlanner.Plan(new BurstSnapshot(Now, depth, vmCapacity, groups), options);

                        var kept = groups.Length - plan.Delete.Count;
                        Assert.True(kept + plan.Create <= max, $"max {max}, {existing} groups, depth {depth}, VM capacity {vmCapacity}: keeps {kept} and starts {plan.Create}");
                        Assert.True(plan.Create >= 0);
                        Assert.Equal(plan.Delete.Count, plan.Delete.Select(d => d.Name).Distinct().Count());
                        Assert.DoesNotContain(plan.Touch, name => plan.Delete.Any(d => d.Name == name));
                    }
                }
            }
        }
    }
}
