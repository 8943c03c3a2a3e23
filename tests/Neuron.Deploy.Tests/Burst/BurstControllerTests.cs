using Microsoft.Extensions.Logging.Abstractions;
using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>A whole timer tick: probes, plan, and the resulting ARM requests on the fake.</summary>
public sealed class BurstControllerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static BurstController Controller(ArmClientHarness arm, StubProbes probes, PublishedRunners? published = null) =>
        new(arm.Options, probes, probes, arm.Client, published ?? new PublishedRunners(), new FixedTimeProvider(Now), NullLogger<BurstController>.Instance);

    [Fact]
    public async Task Tick_DoesNothing_WhenBurstIsDisabled()
    {
        await using var arm = await ArmClientHarness.StartAsync(o => o.Enabled = false);
        var probes = new StubProbes(queueDepth: 100, vmCapacity: 0);

        var plan = await Controller(arm, probes).RunAsync(CancellationToken.None);

        Assert.Null(plan);
        Assert.Equal(0, probes.Reads);
        Assert.Empty(arm.Server.Requests);
    }

    [Fact]
    public async Task Tick_StartsANamedGroup_WhenRunsWaitAndThereAreNoVms()
    {
        await using var arm = await ArmClientHarness.StartAsync();

        var plan = await Controller(arm, new StubProbes(queueDepth: 1, vmCapacity: 0)).RunAsync(CancellationToken.None);

        Assert.Equal(1, plan!.Create);
        Assert.Equal("Succeeded", (string?)arm.Server.Group("neuron-burst-20261123120000-01")!["properties"]!["provisioningState"]);
    }

    [Fact]
    public async Task Tick_PublishesTheRunningGroupsRunnerUrls_LeavingOutTheOnesItDeletes()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-busy", "Succeeded", BurstTags.For("neuron-burst", Now.AddMinutes(-30), Now.AddMinutes(-3)), "10.0.3.4");
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-idle", "Succeeded", BurstTags.For("neuron-burst", Now.AddMinutes(-30), Now.AddMinutes(-20)), "10.0.3.5");
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-new", "Creating", BurstTags.For("neuron-burst", Now.AddMinutes(-1), null));
        var published = new PublishedRunners();

        await Controller(arm, new StubProbes(queueDepth: 2, vmCapacity: 0), published).RunAsync(CancellationToken.None);

        var tick = Assert.Single(published.Ticks);
        Assert.Equal([new BurstRunner("neuron-burst-busy", new Uri("http://10.0.3.4:5080/"))], tick);
    }

    [Fact]
    public async Task Tick_DeletesIdleGroups_AndMarksTheOnesStillNeeded()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-busy", "Succeeded", BurstTags.For("neuron-burst", Now.AddMinutes(-30), Now.AddMinutes(-3)));
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-idle", "Succeeded", BurstTags.For("neuron-burst", Now.AddMinutes(-30), Now.AddMinutes(-20)));

        var plan = await Controller(arm, new StubProbes(queueDepth: 2, vmCapacity: 0)).RunAsync(CancellationToken.None);

        Assert.Equal(0, plan!.Create);
        Assert.Null(arm.Server.Group("neuron-burst-idle"));
        Assert.Equal(Now, DateTimeOffset.Parse((string)arm.Server.Group("neuron-burst-busy")!["tags"]![BurstTags.LastDemandAt]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Tick_AttemptsEveryAction_AndReportsTheFailuresTogether()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-broken", "Failed", BurstTags.For("neuron-burst", Now.AddMinutes(-5), null));
        arm.Server.Fail("PUT", "/containerGroups/", 400, "InvalidImage");

        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            Controller(arm, new StubProbes(queueDepth: 1, vmCapacity: 0)).RunAsync(CancellationToken.None));

        var failure = Assert.IsType<Azure.RequestFailedException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(400, failure.Status);
        Assert.Null(arm.Server.Group("neuron-burst-broken"));
    }
}
