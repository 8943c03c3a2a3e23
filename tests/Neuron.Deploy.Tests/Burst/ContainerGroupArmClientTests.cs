using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure;
using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>The controller's ARM requests, checked against a local HTTPS fake of ARM.</summary>
public sealed class ContainerGroupArmClientTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private const string GroupPath = $"{BurstTestOptions.ResourceGroupPath}/providers/Microsoft.ContainerInstance/containerGroups/";

    [Fact]
    public async Task Create_PutsTheContainerGroupWithThePinnedApiVersion_AndPollsTheOperationUntilItSucceeds()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.PollsBeforeDone = 2;

        await arm.Client.CreateAsync("neuron-burst-1", Now, CancellationToken.None);

        var requests = arm.Server.Requests;
        var put = Assert.Single(requests, r => r.Method == "PUT");
        Assert.Equal(GroupPath + "neuron-burst-1", put.Path);
        Assert.Contains("api-version=2023-05-01", put.Query, StringComparison.Ordinal);
        Assert.Equal($"Bearer {FakeArm.FakeTokenCredential.Token}", put.Authorization);
        Assert.Equal(3, requests.Count(r => r.Method == "GET" && r.Path.Contains("/operations/", StringComparison.Ordinal)));
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/providers/Microsoft.ContainerInstance", StringComparison.Ordinal));
        Assert.Equal("Succeeded", (string?)arm.Server.Group("neuron-burst-1")!["properties"]!["provisioningState"]);
    }

    [Fact]
    public async Task Create_SendsAPrivateRunnerGroupInTheBurstSubnet_WithTheSecretAsASecureValue()
    {
        await using var arm = await ArmClientHarness.StartAsync();

        await arm.Client.CreateAsync("neuron-burst-1", Now, CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(arm.Server.Requests, r => r.Method == "PUT").Body)!;
        var properties = body["properties"]!;
        Assert.Equal("westeurope", (string?)body["location"]);
        Assert.Equal("Private", (string?)properties["ipAddress"]!["type"]);
        Assert.Equal(arm.Options.Value.SubnetId, (string?)properties["subnetIds"]![0]!["id"]);
        Assert.Equal("Linux", (string?)properties["osType"]);
        var container = properties["containers"]![0]!["properties"]!;
        Assert.Equal(arm.Options.Value.Image, (string?)container["image"]);
        var variables = container["environmentVariables"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        Assert.Equal("test-hmac-secret", (string?)variables["Runner__Secret"]["secureValue"]);
        Assert.Null(variables["Runner__Secret"]["value"]);
        Assert.Equal("static", (string?)variables["Runner__Isolation"]["value"]);
        Assert.Equal("/healthz", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal("neuron-burst", (string?)body["tags"]![BurstTags.Owner]);
        Assert.Equal(Now, DateTimeOffset.Parse((string)body["tags"]![BurstTags.CreatedAt]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Create_WaitsOutThrottling_HonouringRetryAfter()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.Fail("PUT", "/containerGroups/neuron-burst-1", 429, "TooManyRequests", ("Retry-After", "2"));
        var clock = Stopwatch.StartNew();

        await arm.Client.CreateAsync("neuron-burst-1", Now, CancellationToken.None);

        var puts = arm.Server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal(2, puts.Count);
        // Azure.Core's own first backoff is about 1 s: waiting 2 s shows Retry-After was honoured.
        Assert.True(puts[1].At - puts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {puts[1].At - puts[0].At}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", (string?)arm.Server.Group("neuron-burst-1")!["properties"]!["provisioningState"]);
    }

    [Fact]
    public async Task Delete_BacksOffAndRetries_WhenArmAnswersConflict_ThenPollsUntilTheGroupIsGone()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-1", "Succeeded", BurstTags.For("neuron-burst", Now, null));
        arm.Server.Fail("DELETE", "/containerGroups/neuron-burst-1", 409, "Conflict");
        arm.Server.Fail("DELETE", "/containerGroups/neuron-burst-1", 409, "Conflict");

        await arm.Client.DeleteAsync("neuron-burst-1", CancellationToken.None);

        var deletes = arm.Server.Requests.Where(r => r.Method == "DELETE").ToList();
        Assert.Equal(3, deletes.Count);
        Assert.True(deletes[1].At - deletes[0].At >= TimeSpan.FromMilliseconds(45), "first backoff");
        Assert.True(deletes[2].At - deletes[1].At >= TimeSpan.FromMilliseconds(95), "second backoff doubles");
        Assert.All(deletes, d => Assert.Contains("api-version=2023-05-01", d.Query, StringComparison.Ordinal));
        Assert.Contains(arm.Server.Requests, r => r.Path.Contains("/operationResults/", StringComparison.Ordinal));
        Assert.Null(arm.Server.Group("neuron-burst-1"));
    }

    [Fact]
    public async Task Delete_GivesUp_AfterTheConfiguredConflictAttempts()
    {
        await using var arm = await ArmClientHarness.StartAsync(o => o.ConflictAttempts = 2);
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-1", "Succeeded", BurstTags.For("neuron-burst", Now, null));
        for (var i = 0; i < 3; i++)
        {
            arm.Server.Fail("DELETE", "/containerGroups/neuron-burst-1", 409, "Conflict");
        }

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => arm.Client.DeleteAsync("neuron-burst-1", CancellationToken.None));

        Assert.Equal(409, error.Status);
        Assert.Equal(2, arm.Server.Requests.Count(r => r.Method == "DELETE"));
        Assert.NotNull(arm.Server.Group("neuron-burst-1"));
    }

    [Fact]
    public async Task Delete_OfAGroupThatIsAlreadyGone_Succeeds()
    {
        await using var arm = await ArmClientHarness.StartAsync();

        await arm.Client.DeleteAsync("neuron-burst-gone", CancellationToken.None);

        Assert.Single(arm.Server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task List_ReturnsOnlyTheControllersGroups_WithTheirStateAndTags()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        var created = Now.AddMinutes(-30);
        var demand = Now.AddMinutes(-3);
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-a", "Succeeded", BurstTags.For("neuron-burst", created, demand), "10.0.3.7");
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-b", "Creating", BurstTags.For("neuron-burst", created, null));
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-c", "Failed", BurstTags.For("neuron-burst", created, null));
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "someone-elses", "Succeeded", new Dictionary<string, string>());

        var groups = (await arm.Client.ListAsync(CancellationToken.None)).OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [
                new BurstGroup("neuron-burst-a", BurstGroupState.Running, created, demand, "10.0.3.7"),
                new BurstGroup("neuron-burst-b", BurstGroupState.Starting, created, null),
                new BurstGroup("neuron-burst-c", BurstGroupState.Broken, created, null),
            ],
            groups);
        // The listing carries no properties: only the running group is read for its address.
        var list = Assert.Single(arm.Server.Requests, r => r.Path.EndsWith("/resources", StringComparison.Ordinal));
        var get = Assert.Single(arm.Server.Requests, r => r.Method == "GET" && r.Path.Contains("/containerGroups/", StringComparison.Ordinal));
        Assert.EndsWith("/containerGroups/neuron-burst-a", get.Path, StringComparison.Ordinal);
        Assert.Contains("api-version=2023-05-01", get.Query, StringComparison.Ordinal);
        Assert.Equal(2, arm.Server.Requests.Count);
        Assert.Equal($"{BurstTestOptions.ResourceGroupPath}/resources", list.Path);
        Assert.Contains("Microsoft.ContainerInstance%2FcontainerGroups", list.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Touch_PatchesTheLastDemandTag_KeepingTheOthers()
    {
        await using var arm = await ArmClientHarness.StartAsync();
        var created = Now.AddMinutes(-30);
        arm.Server.SeedGroup(BurstTestOptions.ResourceGroupPath, "neuron-burst-a", "Succeeded", BurstTags.For("neuron-burst", created, null));

        await arm.Client.TouchAsync(new BurstGroup("neuron-burst-a", BurstGroupState.Running, created, null), Now, CancellationToken.None);

        var patch = Assert.Single(arm.Server.Requests, r => r.Method == "PATCH");
        Assert.Contains("api-version=2023-05-01", patch.Query, StringComparison.Ordinal);
        var tags = arm.Server.Group("neuron-burst-a")!["tags"]!;
        Assert.Equal("neuron-burst", (string?)tags[BurstTags.Owner]);
        Assert.Equal(created, DateTimeOffset.Parse((string)tags[BurstTags.CreatedAt]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Now, DateTimeOffset.Parse((string)tags[BurstTags.LastDemandAt]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task ScaleSetProbe_ReportsInstancesTimesRunsPerVm()
    {
        await using var arm = await ArmClientHarness.StartAsync(o =>
        {
            o.ScaleSetResourceId = $"{BurstTestOptions.ResourceGroupPath}/providers/Microsoft.Compute/virtualMachineScaleSets/neuron-runners";
            o.RunsPerVm = 4;
        });
        arm.Server.ScaleSetCapacity = 3;
        var probe = new ScaleSetCapacityProbe(arm.Arm, arm.Options);

        var capacity = await probe.GetVmCapacityAsync(CancellationToken.None);

        Assert.Equal(12, capacity);
        var get = Assert.Single(arm.Server.Requests);
        Assert.Contains("api-version=2024-07-01", get.Query, StringComparison.Ordinal);
    }
}
