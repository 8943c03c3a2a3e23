using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Dispatch;

public sealed class RecoveryTests
{
    [Fact]
    public async Task RunnerDown_IsRetried_AndTheRunCompletesOnceTheRunnerIsBack()
    {
        var runner = await StubRunner.StartDownAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?>
        {
            ["Queues:MaxDequeueCount"] = "50",
            ["Queues:VisibilityTimeout"] = "00:00:00.100",
        });
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "back\n"))).RunAsync();
        var store = app.Services.GetRequiredService<RunStore>();
        await Eventually.GetAsync(() => store.GetAsync(submitted.Id, false, CancellationToken.None), r => r!.Attempts >= 2,
            TimeSpan.FromSeconds(10), "two failed attempts");

        await runner.StartAgainAsync();
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(15));
        await runner.DisposeAsync();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("back\n", run.Stdout);
        Assert.Equal(1, runner.ExecuteCalls);
    }

    [Fact]
    public async Task RunnerBusy_IsRetried_AndTheRunCompletesWhenItFreesUp()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Busy = true;
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:MaxDequeueCount"] = "50" });
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var store = app.Services.GetRequiredService<RunStore>();
        await Eventually.GetAsync(() => store.GetAsync(submitted.Id, false, CancellationToken.None), r => r!.Attempts >= 2,
            TimeSpan.FromSeconds(10), "two busy answers");

        runner.Busy = false;
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(15));

        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task RunnerDownForGood_FailsTheRunWithInternalError_ThroughThePoisonQueue()
    {
        var runner = await StubRunner.StartDownAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:MaxDequeueCount"] = "3" });
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();

        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(Verdicts.InternalError, run.Verdict);
        Assert.Contains("poisoned", run.Error);
        var stored = await app.Services.GetRequiredService<RunStore>().GetAsync(submitted.Id, false, CancellationToken.None);
        Assert.Equal(3, stored!.Attempts);
        Assert.Equal(0, (await app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task RunningRunWhoseDispatcherDied_IsRecoveredByTheSweeper()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Dispatch:LeaseSeconds"] = "60" });
        var http = app.CreateClient();
        var store = app.Services.GetRequiredService<RunStore>();
        // A dispatcher claimed this run and died: it is running, and no message is left for it.
        var now = app.Time.GetUtcNow();
        var orphan = await store.InsertAsync(RunTransitions.Claim(Payloads.QueuedRun(now, RunIds.New(app.Time), app.DefaultKeyId), now, TimeSpan.FromSeconds(60)), CancellationToken.None);
        var sweeper = app.Services.GetRequiredService<RunSweeper>();

        var early = await sweeper.SweepAsync(CancellationToken.None);
        app.Time.Advance(TimeSpan.FromSeconds(61));
        var late = await sweeper.SweepAsync(CancellationToken.None);
        var run = await http.WaitFinalAsync(orphan.Id, TimeSpan.FromSeconds(10));

        Assert.Equal(new RunSweeper.Report(0, 0), early);
        Assert.Equal(new RunSweeper.Report(1, 0), late);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, runner.ExecuteCalls);
    }

    [Fact]
    public async Task RunStuckBeyondItsRequeues_IsFailedByTheSweeper()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Dispatch:MaxRequeues"] = "0" });
        var store = app.Services.GetRequiredService<RunStore>();
        var now = app.Time.GetUtcNow();
        var orphan = await store.InsertAsync(RunTransitions.Claim(Payloads.QueuedRun(now, RunIds.New(app.Time), app.DefaultKeyId), now, TimeSpan.FromSeconds(60)), CancellationToken.None);

        app.Time.Advance(TimeSpan.FromMinutes(5));
        var report = await app.Services.GetRequiredService<RunSweeper>().SweepAsync(CancellationToken.None);
        var run = await app.CreateClient().GetRunAsync(orphan.Id);

        Assert.Equal(new RunSweeper.Report(0, 1), report);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(Verdicts.InternalError, run.Verdict);
    }

    [Fact]
    public async Task QueuedRunWhoseMessageWasLost_IsQueuedAgainByTheSweeper()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Dispatch:QueuedTimeoutSeconds"] = "60" });
        var store = app.Services.GetRequiredService<RunStore>();
        var lost = await store.InsertAsync(Payloads.QueuedRun(app.Time.GetUtcNow(), RunIds.New(app.Time), app.DefaultKeyId), CancellationToken.None);

        app.Time.Advance(TimeSpan.FromSeconds(61));
        var report = await app.Services.GetRequiredService<RunSweeper>().SweepAsync(CancellationToken.None);
        var run = await app.CreateClient().WaitFinalAsync(lost.Id, TimeSpan.FromSeconds(10));

        Assert.Equal(new RunSweeper.Report(1, 0), report);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task QueuedRunWithoutMessage_IsRecoveredWithinSeconds_WhenTheQueueIsEmpty()
    {
        // A submitter that died between its row and its message leaves a queued row and an empty queue.
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var store = app.Services.GetRequiredService<RunStore>();
        var stranded = await store.InsertAsync(Payloads.QueuedRun(app.Time.GetUtcNow(), RunIds.New(app.Time), app.DefaultKeyId), CancellationToken.None);

        app.Time.Advance(TimeSpan.FromSeconds(11));
        var report = await app.Services.GetRequiredService<RunSweeper>().SweepAsync(CancellationToken.None);
        var run = await app.CreateClient().WaitFinalAsync(stranded.Id, TimeSpan.FromSeconds(10));

        Assert.Equal(new RunSweeper.Report(1, 0), report);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task QueuedRunBehindABacklog_IsLeftToTheQueue_UntilTheLongTimeout()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var store = app.Services.GetRequiredService<RunStore>();
        var waiting = await store.InsertAsync(Payloads.QueuedRun(app.Time.GetUtcNow(), RunIds.New(app.Time), app.DefaultKeyId), CancellationToken.None);
        await app.Services.GetRequiredService<RunQueue>().EnqueueAsync(waiting.Id, CancellationToken.None);
        var sweeper = app.Services.GetRequiredService<RunSweeper>();

        app.Time.Advance(TimeSpan.FromSeconds(11));
        var early = await sweeper.SweepAsync(CancellationToken.None);
        app.Time.Advance(TimeSpan.FromSeconds(900));
        var late = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(new RunSweeper.Report(0, 0), early);
        Assert.Equal(new RunSweeper.Report(1, 0), late);
    }
}
