using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Burst;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Dispatch;

/// <summary>
/// The dispatcher prefers the scale set (Runner:Url) and spills to the burst runners the controller published in the
/// runners table: real Azurite, stub runners at the HTTP boundary.
/// </summary>
public sealed class BurstRoutingTests
{
    private static Task PublishAsync(FunctionsApp app, params StubRunner[] runners) =>
        app.Services.GetRequiredService<RunnerDirectory>().PublishAsync(
            [.. runners.Select((r, i) => new BurstRunner($"neuron-burst-{i}", r.Url))], CancellationToken.None);

    [Fact]
    public async Task BusyScaleSet_SpillsTheRunToABurstRunner_AtOnce()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        await using var burst = await StubRunner.StartAsync();
        scaleSet.Busy = true;
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, burst);

        var run = await app.RunPythonAsync("spilled\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("spilled\n", run.Stdout);
        Assert.Equal(1, burst.ExecuteCalls);
        Assert.Equal(1, await app.AttemptsAsync(run.Id));
    }

    [Fact]
    public async Task ScaleSetWithNoInstance_SendsTheRunToABurstRunner()
    {
        var scaleSet = await StubRunner.StartDownAsync();
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, burst);

        var run = await app.RunPythonAsync("zero vms\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, burst.ExecuteCalls);
    }

    [Fact]
    public async Task ScaleSetWithRoom_KeepsTheRun_AndBurstRunnersStayIdle()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, burst);

        var run = await app.RunPythonAsync("vm\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, scaleSet.ExecuteCalls);
        Assert.Equal(0, burst.ExecuteCalls);
    }

    [Fact]
    public async Task UnreachableBurstRunner_IsSkipped_ForTheNextOne()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        scaleSet.Busy = true;
        var gone = await StubRunner.StartDownAsync();
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, gone, burst);

        var first = await app.RunPythonAsync("one\n", TimeSpan.FromSeconds(20));
        var second = await app.RunPythonAsync("two\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(2, burst.ExecuteCalls);
        Assert.Equal(1, await app.AttemptsAsync(first.Id));
        Assert.Equal(1, await app.AttemptsAsync(second.Id));
    }

    [Fact]
    public async Task BurstRunnerTooSmallForTheRun_422_PassesItToTheNext()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        scaleSet.Busy = true;
        await using var small = await StubRunner.StartAsync();
        small.RefuseWith = 422;
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, small, burst);

        var first = await app.RunPythonAsync("big\n", TimeSpan.FromSeconds(20));
        var second = await app.RunPythonAsync("bigger\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(2, burst.ExecuteCalls);
    }

    [Fact]
    public async Task RefusalByTheScaleSet_IsFinal_AndNoBurstRunnerIsAsked()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        scaleSet.RefuseWith = 400;
        await using var burst = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        await PublishAsync(app, burst);

        var run = await app.RunPythonAsync("bad\n", TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(0, burst.ExecuteCalls);
    }

    [Fact]
    public async Task EveryRunnerBusy_LeavesTheRunQueued_ForALaterAttempt()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        await using var burst = await StubRunner.StartAsync();
        scaleSet.Busy = true;
        burst.Busy = true;
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url, new Dictionary<string, string?> { ["Queues:MaxDequeueCount"] = "50" });
        await PublishAsync(app, burst);
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "later\n"))).RunAsync();
        var store = app.Services.GetRequiredService<RunStore>();
        await Eventually.GetAsync(() => store.GetAsync(submitted.Id, false, CancellationToken.None), r => r!.Attempts >= 2,
            TimeSpan.FromSeconds(10), "two rounds of busy runners");

        burst.Busy = false;
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, burst.ExecuteCalls);
    }

    [Fact]
    public async Task Publishing_ReplacesTheSetOfBurstRunners()
    {
        await using var scaleSet = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(scaleSet.Url);
        var directory = app.Services.GetRequiredService<RunnerDirectory>();
        var a = new BurstRunner("neuron-burst-a", new Uri("http://10.0.3.4:5080/"));
        var b = new BurstRunner("neuron-burst-b", new Uri("http://10.0.3.5:5080/"));

        await directory.PublishAsync([a, b], CancellationToken.None);
        var both = (await directory.ReadAsync(CancellationToken.None)).Burst;
        await directory.PublishAsync([b], CancellationToken.None);
        var one = (await directory.ReadAsync(CancellationToken.None)).Burst;

        Assert.Equal([a.Url, b.Url], both.OrderBy(u => u.ToString(), StringComparer.Ordinal));
        Assert.Equal([b.Url], one);
    }
}
