using Neuron.Cost;

namespace Neuron.Cost.Tests;

public sealed class CostModelTests
{
    private static readonly PriceList Prices = PriceList.Load(PriceList.DefaultPath);

    private static CostModel Model(Assumptions? assumptions = null, PriceList? prices = null) => new(prices ?? Prices, assumptions ?? new Assumptions());

    private static Traffic Scenario(string name) => Traffic.Scenarios.Single(t => t.Name == name);

    private static PriceList With(string id, double usd) =>
        new(Prices.Region, Prices.All.ToDictionary(p => p.Key, p => p.Key == id ? p.Value with { Usd = usd } : p.Value));

    [Fact]
    public void ScaleToZero_IdleCostsAtMostFiveDollars_WithTheImagesInYourRegistry()
    {
        var idle = Model().Estimate(Profile.ScaleToZeroExternalImages, Scenario("idle"));

        Assert.True(idle.Total <= 5, $"idle: {idle.Total}");
        Assert.DoesNotContain(idle.Lines, l => l.Item.Contains("NAT", StringComparison.Ordinal) || l.Item.Contains("load balancer", StringComparison.Ordinal)
            || l.Item.Contains("VM", StringComparison.Ordinal) || l.Item.Contains("registry", StringComparison.Ordinal));
    }

    [Fact]
    public void ScaleToZero_WithItsOwnRegistry_CostsExactlyTheRegistryMore()
    {
        var own = Model().Estimate(Profile.ScaleToZero, Scenario("idle"));
        var external = Model().Estimate(Profile.ScaleToZeroExternalImages, Scenario("idle"));

        Assert.Equal(730.0 / 24 * Prices["acr.basicDay"], own.Total - external.Total, 6);
    }

    [Fact]
    public void LoadBalancedProfile_IdlePaysForNatGatewayLoadBalancerAndAVm()
    {
        var idle = Model().Estimate(Profile.InternalLoadBalancer, Scenario("idle"));

        var nat = Assert.Single(idle.Lines, l => l.Item.StartsWith("NAT gateway", StringComparison.Ordinal));
        Assert.Equal(730 * (0.045 + 0.005), nat.Usd, 6);
        Assert.Equal(730 * 0.025, Assert.Single(idle.Lines, l => l.Item == "Internal load balancer").Usd, 6);
        Assert.True(idle.Total > 100, $"idle: {idle.Total}");
        Assert.All(idle.Lines, l => Assert.True(l.Fixed || l.Usd == 0, l.Item));
    }

    [Theory]
    [InlineData(Profile.InternalLoadBalancer)]
    [InlineData(Profile.ScaleToZero)]
    [InlineData(Profile.ScaleToZeroExternalImages)]
    public void FixedCosts_DoNotDependOnTraffic(Profile profile)
    {
        var fixedTotals = Traffic.Scenarios.Select(t => Model().Estimate(profile, t).FixedTotal).Distinct().ToList();

        Assert.Single(fixedTotals);
    }

    [Fact]
    public void TheAppsShare_GrowsLinearlyWithRuns()
    {
        var model = Model();
        var one = model.Estimate(Profile.ScaleToZero, new Traffic("a", 10_000, Traffic.BlogMix, 0, 0));
        var two = model.Estimate(Profile.ScaleToZero, new Traffic("b", 20_000, Traffic.BlogMix, 0, 0));

        double Item(CostEstimate e, string name) => e.Lines.Single(l => l.Item == name).Usd;
        Assert.Equal(2 * Item(one, "Functions: submit, dispatch, polls"), Item(two, "Functions: submit, dispatch, polls"), 9);
        Assert.Equal(2 * Item(one, "Storage: the runs' transactions"), Item(two, "Storage: the runs' transactions"), 9);
    }

    [Fact]
    public void BusyRunners_CostAtMostFiveCentsPerThousandRuns_AndThePriceOfAppTimeDecidesIt()
    {
        var cheap = Model().SaturatedPerThousandRuns(Traffic.BlogMix);
        var dearer = Model(prices: With("functions.flex.gbSecond", 0.000052)).SaturatedPerThousandRuns(Traffic.BlogMix);

        Assert.True(cheap <= 0.05, $"per 1,000 runs: {cheap}");
        Assert.True(dearer > 1.9 * cheap * 0.9, $"{cheap} -> {dearer}"); // GB-s are nearly all of it
    }

    [Fact]
    public void MeasuredStorageOperationsPerRun_ReplaceTheAssumption()
    {
        var assumed = Model().Estimate(Profile.InternalLoadBalancer, Scenario("1M runs/month"));
        var measured = Model(new Assumptions { StorageOpsPerRun = 30 }).Estimate(Profile.InternalLoadBalancer, Scenario("1M runs/month"));

        double Storage(CostEstimate e) => e.Lines.Single(l => l.Item == "Storage: the runs' transactions").Usd;
        Assert.Equal(2 * Storage(assumed), Storage(measured), 9);
        Assert.Equal(1_000_000 * 30 / 1e4 * Prices["storage.transactionsPer10k"], Storage(measured), 9);
    }

    [Fact]
    public void BurstFromIdle_WaitsForTheColdStart_InScaleToZero_AndDrainsAtTheVmsRate_WithTheLoadBalancer()
    {
        var burst = Scenario("10,000-run burst");
        var a = new Assumptions();

        var scaleToZero = Model().Estimate(Profile.ScaleToZero, burst);
        var loadBalanced = Model().Estimate(Profile.InternalLoadBalancer, burst);

        Assert.True(scaleToZero.DrainSeconds > a.AciColdStartSeconds);
        Assert.Equal(10_000 * a.CoreSecondsPerRun["python"] / a.VmCores, loadBalanced.DrainSeconds!.Value, 6);
        Assert.DoesNotContain(loadBalanced.Lines, l => !l.Fixed && l.Item.StartsWith("ACI", StringComparison.Ordinal));
        // A burst's total is its own cost: the month's fixed items are not in it.
        Assert.Equal(scaleToZero.Lines.Where(l => !l.Fixed).Sum(l => l.Usd), scaleToZero.Total, 9);
    }

    [Fact]
    public void LongBurst_BringsAVm_OnceTheQueueStaysDeep()
    {
        var small = Model().Estimate(Profile.ScaleToZero, Scenario("10,000-run burst"));
        var large = Model().Estimate(Profile.ScaleToZero, new Traffic("big", 100_000, new Dictionary<string, double> { ["python"] = 1 }, 0, 0, AtOnce: true));

        Assert.Equal(0, small.Lines.Single(l => l.Item.StartsWith("Runner VM", StringComparison.Ordinal)).Usd);
        Assert.True(large.Lines.Single(l => l.Item.StartsWith("Runner VM", StringComparison.Ordinal)).Usd > 0);
    }

    [Fact]
    public void FreeGrant_CoversTheTimersOfAnIdleDeployment()
    {
        var idle = Model().Estimate(Profile.ScaleToZeroExternalImages, Scenario("idle"));
        var timers = idle.Lines.Single(l => l.Item.StartsWith("Functions: timers", StringComparison.Ordinal));

        // The timers' GB-seconds fit in the grant; their executions (over 300,000 a month) do not quite.
        Assert.True(timers.GbSeconds < Prices["functions.flex.freeGbSeconds"]);
        Assert.True(timers.Executions > Prices["functions.flex.freeExecutions"]);
        var covered = timers.GbSeconds * Prices["functions.flex.gbSecond"] + Prices["functions.flex.freeExecutions"] * Prices["functions.flex.executionsPerMillion"] / 1e6;
        Assert.Equal(idle.Total - covered, idle.TotalWithFreeGrant(Prices), 9);
    }

    [Fact]
    public void ColdPath_AddsUpToAboutTwoMinutesTypically()
    {
        var phases = Model().ColdPath();

        Assert.InRange(phases.Sum(p => p.TypicalSeconds), 60, 180);
        Assert.All(phases, p => Assert.True(p.WorstSeconds >= p.TypicalSeconds, p.Step));
    }

    [Fact]
    public void EveryPrice_SaysWhereItComesFromAndWhen()
    {
        Assert.NotEmpty(Prices.All);
        Assert.All(Prices.All, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Value.Source), p.Key);
            Assert.False(string.IsNullOrWhiteSpace(p.Value.Date), p.Key);
            Assert.True(p.Value.Usd > 0, p.Key);
        });
    }
}
