using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Burst;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Dispatch;

/// <summary>
/// The scaleToZero profile has no load balancer: the dispatcher finds the scale set's nodes in the runners table, where
/// each registers its private address with a heartbeat (runner/Neuron.Runner/Registration). Real Azurite, stub runners
/// at the HTTP boundary, rows written as a node writes them.
/// </summary>
public sealed class RunnerDiscoveryTests
{
    private static Dictionary<string, string?> TableDiscovery(int refreshSeconds = 1) => new()
    {
        ["Runner:Discovery"] = "Table",
        ["Runner:BurstRefreshSeconds"] = refreshSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static TableClient RunnersTable(FunctionsApp app) => new TableServiceClient(app.ConnectionString).GetTableClient(app.Prefix + "runners");

    private static async Task RegisterAsync(FunctionsApp app, string instance, Uri url, DateTimeOffset heartbeat)
    {
        var table = RunnersTable(app);
        await table.CreateIfNotExistsAsync();
        await table.UpsertEntityAsync(new TableEntity(RunnerRegistration.Partition, instance)
        {
            [RunnerRegistration.UrlColumn] = url.ToString(),
            [RunnerRegistration.HeartbeatColumn] = heartbeat,
        }, TableUpdateMode.Replace);
    }

    [Fact]
    public async Task RegisteredNode_TakesTheRun_AndRunnerUrlIsNotUsed()
    {
        await using var notTheLoadBalancer = await StubRunner.StartAsync();
        await using var node = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(notTheLoadBalancer.Url, TableDiscovery());
        await RegisterAsync(app, "runner000000", node.Url, app.Time.GetUtcNow());

        var run = await app.RunPythonAsync("found\n", TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("found\n", run.Stdout);
        Assert.Equal(1, node.ExecuteCalls);
        Assert.Equal(0, notTheLoadBalancer.ExecuteCalls);
    }

    [Fact]
    public async Task StaleRegistration_IsSkipped_AndItsRowExpires()
    {
        await using var unused = await StubRunner.StartAsync();
        await using var dead = await StubRunner.StartAsync(); // answers, but its heartbeat stopped: it must not be used
        await using var live = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(unused.Url, TableDiscovery());
        await RegisterAsync(app, "runner000001", dead.Url, app.Time.GetUtcNow() - TimeSpan.FromMinutes(5));
        await RegisterAsync(app, "runner000002", live.Url, app.Time.GetUtcNow());

        var first = await app.RunPythonAsync("one\n", TimeSpan.FromSeconds(30));
        var second = await app.RunPythonAsync("two\n", TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(2, live.ExecuteCalls);
        Assert.Equal(0, dead.ExecuteCalls);
        var rows = await RunnersTable(app).QueryAsync<TableEntity>(e => e.PartitionKey == RunnerRegistration.Partition).Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["runner000002"], rows);
    }

    [Fact]
    public async Task RegisteredNodeThatIsGone_FailsOverToTheNext_WithoutARetry()
    {
        await using var unused = await StubRunner.StartAsync();
        var gone = await StubRunner.StartDownAsync(); // registered, heartbeat fresh, process dead: connection refused
        await using var live = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(unused.Url, TableDiscovery());
        await RegisterAsync(app, "runner000003", gone.Url, app.Time.GetUtcNow());
        await RegisterAsync(app, "runner000004", live.Url, app.Time.GetUtcNow());

        // Nodes take turns: across two runs the gone one comes first at least once.
        var first = await app.RunPythonAsync("a\n", TimeSpan.FromSeconds(30));
        var second = await app.RunPythonAsync("b\n", TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(2, live.ExecuteCalls);
        Assert.Equal(1, await app.AttemptsAsync(first.Id));
        Assert.Equal(1, await app.AttemptsAsync(second.Id));
    }

    [Fact]
    public async Task BusyNode_PassesTheRunToABurstRunner()
    {
        await using var unused = await StubRunner.StartAsync();
        await using var node = await StubRunner.StartAsync();
        node.Busy = true;
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(unused.Url, TableDiscovery());
        await RegisterAsync(app, "runner000005", node.Url, app.Time.GetUtcNow());
        await app.Services.GetRequiredService<RunnerDirectory>().PublishAsync([new BurstRunner("neuron-burst-0", burst.Url)], CancellationToken.None);

        var run = await app.RunPythonAsync("spill\n", TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, burst.ExecuteCalls);
        Assert.Equal(1, await app.AttemptsAsync(run.Id));
    }

    /// <summary>The first run after idle: nothing is listed when it is dispatched; it waits for a runner instead of spending its deliveries.</summary>
    [Fact]
    public async Task ScaledToZero_TheDispatchWaitsForTheFirstRunnerToRegister()
    {
        await using var unused = await StubRunner.StartAsync();
        await using var node = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(unused.Url, TableDiscovery(refreshSeconds: 60));
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "cold\n"))).RunAsync();
        var store = app.Services.GetRequiredService<RunStore>();
        await Eventually.GetAsync(() => store.GetAsync(submitted.Id, false, CancellationToken.None), r => r!.Status == RunStatus.Running,
            TimeSpan.FromSeconds(20), "the run claimed while no runner is up");

        await RegisterAsync(app, "runner000006", node.Url, app.Time.GetUtcNow());
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, node.ExecuteCalls);
        Assert.Equal(1, await app.AttemptsAsync(run.Id));
    }

    [Fact]
    public async Task ScaledToZero_HealthIsHealthy_WithNoRunnerReachable()
    {
        await using var unused = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(unused.Url, TableDiscovery());

        using var response = await app.CreateClient().GetAsync("/api/health");
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("runnerReachable").GetBoolean());
    }
}
