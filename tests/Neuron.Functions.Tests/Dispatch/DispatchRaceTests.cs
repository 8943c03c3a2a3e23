using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Dispatch;

public sealed class DispatchRaceTests
{
    [Fact]
    public async Task TwoDispatchersRacingOnOneRun_CallTheRunnerOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        var noTriggers = new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" };
        await using var first = await FunctionsApp.StartAsync(runner.Url, noTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, noTriggers, prefix: first.Prefix);
        var submitted = await (await first.CreateClient().SubmitAsync(Client.Python())).RunAsync();
        var message = new RunMessage(submitted.Id);

        // Both dispatchers are handed the same message at the same moment.
        var outcomes = await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)),
            Task.Run(() => second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)));

        Assert.Equal(1, runner.ExecuteCalls);
        Assert.Single(outcomes, o => o == DispatchOutcome.Completed);
        Assert.Single(outcomes, o => o is DispatchOutcome.LostRace or DispatchOutcome.OwnedElsewhere or DispatchOutcome.AlreadyFinal);
        var run = await first.CreateClient().GetRunAsync(submitted.Id);
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task ManyDuplicateMessages_StillRunOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var queue = app.Services.GetRequiredService<RunQueue>();
        for (var i = 0; i < 4; i++)
            await queue.EnqueueAsync(submitted.Id, CancellationToken.None);

        await Eventually.TrueAsync(() => runner.ExecuteCalls >= 1, TimeSpan.FromSeconds(10), "runner called");
        await Eventually.GetAsync(async () => (await app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 1,
            TimeSpan.FromSeconds(10), "duplicates consumed, only the running one's message left (invisible)");
        runner.Gate.SetResult();
        await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(10));

        Assert.Equal(1, runner.ExecuteCalls);
    }

    [Fact]
    public async Task RowInsertSlowerThanAnyDispatcherWait_StillCompletes()
    {
        // A runs-table insert held back 1.5 s at the storage boundary: the submission's message must not reach a
        // dispatcher before its row, or the dispatcher finds no row and drops it (the stranded run of issue 10).
        await using var runner = await StubRunner.StartAsync();
        var (proxy, connectionString) = await StorageProxy.ForTablesAsync(await SharedAzurite.ConnectionStringAsync());
        await using var _ = proxy;
        var prefix = FunctionsApp.NewPrefix();
        var delayed = 0;
        proxy.Intercept = r => r.Method == "POST" && r.Path.Value!.EndsWith("/" + prefix + "runs", StringComparison.Ordinal);
        proxy.BeforeForwarding = _ =>
        {
            Interlocked.Increment(ref delayed);
            return Task.Delay(TimeSpan.FromSeconds(1.5));
        };
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }, prefix);
        var http = app.CreateClient();

        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "slow row\n"))).RunAsync();
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(20));

        Assert.Equal(1, delayed);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("slow row\n", run.Stdout);
    }

    [Fact]
    public async Task MessageOfAMissingRun_IsDroppedAtOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });

        var outcome = await app.Services.GetRequiredService<RunDispatcher>().DispatchAsync(new RunMessage(RunIds.New(app.Time)), 1, CancellationToken.None);

        Assert.Equal(DispatchOutcome.UnknownRun, outcome);
        Assert.Equal(0, runner.ExecuteCalls);
    }
}
