using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Dispatch;

/// <summary>A new run's message carries the run as inserted: claimed from it with no read, only while the row is still that run.</summary>
public sealed class CarriedRunTests
{
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    [Fact]
    public async Task ANewRunsMessage_CarriesTheRunAndItsETag()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var submitted = await (await app.CreateClient().SubmitAsync(Client.Python("print(42)"))).RunAsync();

        var message = RunMessage.Parse((await app.RunsQueue.ReceiveMessageAsync()).Value.MessageText);

        Assert.Equal(submitted.Id, message.RunId);
        Assert.Equal("print(42)", message.Carried!.Source);
        Assert.Equal(RunStatus.Queued, message.Carried.Status);
        var row = await app.RunsTable.GetEntityAsync<Azure.Data.Tables.TableEntity>(submitted.Id, RunStore.RowKey);
        Assert.Equal(row.Value.ETag, message.Carried.ETag);
    }

    [Fact]
    public async Task TwoDispatchersHandedTheSameCarriedMessage_CallTheRunnerOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix);
        var submitted = await (await first.CreateClient().SubmitAsync(Client.Python())).RunAsync();
        var message = RunMessage.Parse((await first.RunsQueue.ReceiveMessageAsync()).Value.MessageText);
        Assert.NotNull(message.Carried);

        var outcomes = await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)),
            Task.Run(() => second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)));

        Assert.Equal(1, runner.ExecuteCalls);
        Assert.Single(outcomes, o => o == DispatchOutcome.Completed);
        Assert.Equal(RunStatus.Completed, (await first.CreateClient().GetRunAsync(submitted.Id)).Status);
    }

    [Fact]
    public async Task ACarriedMessageOfARunFinishedSinceItWasSent_SettlesFromTheRowAndRunsNothing()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var submitted = await (await app.CreateClient().SubmitAsync(Client.Python())).RunAsync();
        var message = RunMessage.Parse((await app.RunsQueue.ReceiveMessageAsync()).Value.MessageText);
        var dispatcher = app.Services.GetRequiredService<RunDispatcher>();
        Assert.Equal(DispatchOutcome.Completed, await dispatcher.DispatchAsync(message, 1, CancellationToken.None));

        // The same message again as a first delivery (a duplicate): its ETag is stale, so the row decides.
        Assert.Equal(DispatchOutcome.AlreadyFinal, await dispatcher.DispatchAsync(message, 1, CancellationToken.None));

        Assert.Equal(1, runner.ExecuteCalls);
    }

    [Fact]
    public async Task ACarriedMessageOfAWithdrawnRun_IsDropped()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var submitted = await (await app.CreateClient().SubmitAsync(Client.Python())).RunAsync();
        var message = RunMessage.Parse((await app.RunsQueue.ReceiveMessageAsync()).Value.MessageText);
        await app.RunsTable.DeleteEntityAsync(submitted.Id, RunStore.RowKey);

        Assert.Equal(DispatchOutcome.UnknownRun, await app.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None));
        Assert.Equal(0, runner.ExecuteCalls);
    }

    [Fact]
    public void ARunTooLargeToCarry_IsQueuedAsAPointer()
    {
        var run = new RunRecord
        {
            Id = "r1", Status = RunStatus.Queued, Language = "cpp", Version = "1", Limits = new(), Source = new string('<', RunMessage.MaxCarriedBytes / 4),
            CreatedAt = DateTimeOffset.UnixEpoch, QueuedAt = DateTimeOffset.UnixEpoch, ETag = new Azure.ETag("W/\"1\""),
        };

        Assert.Null(RunMessage.Parse(RunMessage.For(run, null)).Carried);
        Assert.NotNull(RunMessage.Parse(RunMessage.For(run with { Source = "int main(){}" }, null)).Carried);
    }
}
