using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Runs;

public sealed class RunLifecycleTests
{
    [Fact]
    public async Task Submit_StoresAQueuedEntityAndAQueueMessage_ThenDispatchCompletesIt_AndGetReturnsTheResult()
    {
        await using var runner = await StubRunner.StartAsync();
        // Triggers off: the message stays in the queue for us to see, and we dispatch it by hand.
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var http = app.CreateClient();

        var response = await http.SubmitAsync(Client.Python(stdin: "42\n"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var submitted = await response.RunAsync();
        Assert.Equal($"/api/runs/{submitted.Id}", response.Headers.Location?.ToString());
        Assert.Equal(RunStatus.Queued, submitted.Status);
        var entity = (await app.RunsTable.GetEntityAsync<TableEntity>(submitted.Id, RunStore.RowKey)).Value;
        Assert.Equal(RunStatus.Queued, entity.GetString("Status"));
        var message = (await app.RunsQueue.ReceiveMessageAsync()).Value;
        Assert.NotNull(message);
        using (var json = JsonDocument.Parse(message.MessageText))
            Assert.Equal(submitted.Id, json.RootElement.GetProperty("runId").GetString());

        // The DispatchRun function itself, as the host would call it with this message.
        await ActivatorUtilities.CreateInstance<DispatchFunctions>(app.Services).DispatchRunAsync(message, CancellationToken.None);

        var done = await http.GetRunAsync(submitted.Id);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(Verdicts.Ok, done.Verdict);
        Assert.Equal("42\n", done.Stdout);
        Assert.Equal(StubRunner.PythonVersion, done.Version);
        Assert.Equal(12, done.TimeMs);
        Assert.NotNull(done.StartedAt);
        Assert.NotNull(done.FinishedAt);
        Assert.Equal(1, runner.ExecuteCalls);
        Assert.Equal(0, runner.BadSignatures);
    }

    [Fact]
    public async Task SubmitWithWait_ReturnsTheFinishedRunInOneRoundTrip()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();

        var clock = Stopwatch.StartNew();
        var response = await http.SubmitAsync(Client.Python(stdin: "hi\n"), "?wait=10");
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = await response.RunAsync();
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("hi\n", run.Stdout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task GetWithWait_LongPollsUntilTheRunIsFinal()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();
        await Eventually.TrueAsync(() => runner.ExecuteCalls == 1, TimeSpan.FromSeconds(10), "runner called");

        var poll = http.GetRunAsync(submitted.Id, "?wait=10");
        await Task.Delay(100);
        Assert.False(poll.IsCompleted);
        runner.Gate.SetResult();
        var run = await poll;

        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task ExpectedOutput_GivesWrongAnswerWhenItDiffers_AndOkWhenOnlyTrailingWhitespaceDiffers()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();

        var wrong = await (await http.SubmitAsync(new { language = "python", source = "x", stdin = "1\n2\n", expectedOutput = "1\n3\n" }, "?wait=10")).RunAsync();
        var right = await (await http.SubmitAsync(new { language = "python", source = "x", stdin = "1  \r\n2\n\n", expectedOutput = "1\n2" }, "?wait=10")).RunAsync();
        var expectedNothing = await (await http.SubmitAsync(new { language = "python", source = "x", stdin = "noise", expectedOutput = "" }, "?wait=10")).RunAsync();

        Assert.Equal(Verdicts.WrongAnswer, wrong.Verdict);
        Assert.Equal(RunStatus.Completed, wrong.Status);
        Assert.Equal(Verdicts.Ok, right.Verdict);
        Assert.Equal(Verdicts.WrongAnswer, expectedNothing.Verdict);
    }

    [Fact]
    public async Task OneMebibyteOfStdout_RoundTripsByteForByte()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var output = LargeText(1024 * 1024);
        Assert.Equal(1024 * 1024, System.Text.Encoding.UTF8.GetByteCount(output));

        var run = await (await http.SubmitAsync(new { language = "python", source = "x", stdin = output, limits = new { outputKb = 1024 } }, "?wait=20")).RunAsync();
        var fetched = await http.GetRunAsync(run.Id);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(output), System.Text.Encoding.UTF8.GetBytes(fetched.Stdout));
        Assert.False(fetched.StdoutTruncated);
        // Too big for a table property: spilled to a blob, the entity only points at it.
        var entity = (await app.RunsTable.GetEntityAsync<TableEntity>(run.Id, RunStore.RowKey)).Value;
        Assert.Equal($"{run.Id}/Stdout", entity.GetString("StdoutBlob"));
        Assert.Null(entity.GetString("Stdout"));
    }

    /// <summary>Mixed one-, two-, three- and four-byte UTF-8 characters and newlines, exactly <paramref name="bytes"/> long.</summary>
    private static string LargeText(int bytes)
    {
        var pieces = new[] { "a", "é", "€", "😀", "\n", "z" };
        var random = new Random(7);
        var builder = new System.Text.StringBuilder();
        var size = 0;
        while (size < bytes)
        {
            var piece = pieces[random.Next(pieces.Length)];
            var length = System.Text.Encoding.UTF8.GetByteCount(piece);
            if (size + length > bytes)
                piece = "a";
            builder.Append(piece);
            size += System.Text.Encoding.UTF8.GetByteCount(piece);
        }
        return builder.ToString();
    }
}
