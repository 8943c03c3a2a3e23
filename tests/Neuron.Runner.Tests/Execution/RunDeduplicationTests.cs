using System.Net;
using System.Net.Http.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Execution;

/// <summary>A dispatcher that retries a run (same run id) gets that run's one execution, never a second one.</summary>
[Collection(RunnerCollection.Name)]
public sealed class RunDeduplicationTests(RunnerFixture runner)
{
    /// <summary>Prints 128 random bits: two executions never print the same.</summary>
    private const string Random = "import os, time\ntime.sleep({0})\nprint(os.urandom(16).hex())";

    private static ExecuteRequest Request(string runId, double sleepSeconds = 0) =>
        new("python", string.Format(System.Globalization.CultureInfo.InvariantCulture, Random, sleepSeconds), Limits: new RunLimits(TimeMs: 5000), RunId: runId);

    private static string NewRunId() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task ARetriedRunId_GetsTheFirstExecutionsResult_WithoutExecutingAgain()
    {
        var runId = NewRunId();

        var first = await runner.RunAsync(Request(runId));
        var retry = await runner.RunAsync(Request(runId));

        Assert.Equal(Verdicts.Ok, first.Verdict);
        Assert.Equal(first.Stdout, retry.Stdout);
        Assert.Equal(first.StartedAt, retry.StartedAt);
        var metrics = await runner.UnsignedClient.GetStringAsync("/metrics");
        Assert.Contains("neuron_runner_duplicate_requests_total{outcome=\"replayed\"}", metrics);
    }

    [Fact]
    public async Task ConcurrentRequestsForOneRunId_ShareOneExecution()
    {
        var runId = NewRunId();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => runner.RunAsync(Request(runId, sleepSeconds: 0.5))));

        Assert.All(results, r => Assert.Equal(Verdicts.Ok, r.Verdict));
        Assert.Single(results.Select(r => r.Stdout).Distinct());
    }

    [Fact]
    public async Task ACallerThatGivesUp_DoesNotCancelItsRun_AndItsRetryGetsThatRunsResult()
    {
        var runId = NewRunId();
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                runner.Client.PostAsJsonAsync("/v1/execute", Request(runId, sleepSeconds: 2), RunnerJsonContext.Default.ExecuteRequest, giveUp.Token));
        }
        var retriedAt = DateTimeOffset.UtcNow;

        var retry = await runner.RunAsync(Request(runId, sleepSeconds: 2));

        Assert.Equal(Verdicts.Ok, retry.Verdict);
        Assert.True(retry.StartedAt < retriedAt, $"the retry executed the run again (started {retry.StartedAt:O}, retried {retriedAt:O})");
    }

    [Fact]
    public async Task ARunIdReusedForAnotherSubmission_Is409()
    {
        var runId = NewRunId();
        await runner.RunAsync(Request(runId));

        using var response = await runner.Client.PostAsJsonAsync("/v1/execute", new ExecuteRequest("python", "print('other')", RunId: runId),
            RunnerJsonContext.Default.ExecuteRequest);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AMalformedRunId_Is400()
    {
        using var response = await runner.Client.PostAsJsonAsync("/v1/execute", new ExecuteRequest("python", "print(1)", RunId: "../" + new string('a', 80)),
            RunnerJsonContext.Default.ExecuteRequest);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("runId", await response.Content.ReadAsStringAsync());
    }
}
