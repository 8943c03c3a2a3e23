using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Keys;

public sealed class InFlightLimitTests
{
    [Fact]
    public async Task Returns429_WhenKeyHasItsLimitOfRunsInFlight_AndAcceptsAgainOnceOneFinished()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "fair", maxInFlight = 2 });
        var http = app.ClientWithKey(key.Key);

        var first = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var second = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var third = await http.SubmitAsync(Client.Python());

        var problem = await AssertProblemAsync(third, HttpStatusCode.TooManyRequests, "too-many-in-flight");
        Assert.Equal(2, problem.GetProperty("maxInFlight").GetInt32());
        Assert.Contains("2 runs queued or running", problem.GetProperty("detail").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), third.Headers.RetryAfter!.Delta);
        // Another key is not held back by this one's runs.
        Assert.Equal(HttpStatusCode.Accepted, (await app.CreateClient().SubmitAsync(Client.Python())).StatusCode);

        runner.Gate.SetResult();
        await http.WaitFinalAsync(first.Id, TimeSpan.FromSeconds(10));
        await http.WaitFinalAsync(second.Id, TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
    }

    [Fact]
    public async Task InFlightLimit_HoldsAcrossTwoAppInstances()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var first = await FunctionsApp.StartAsync(runner.Url);
        await using var second = await FunctionsApp.StartAsync(runner.Url, prefix: first.Prefix);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "fair", maxInFlight = 3 });
        var clients = new[] { first.ClientWithKey(key.Key), second.ClientWithKey(key.Key) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % 2].SubmitAsync(Client.Python())));
        runner.Gate.SetResult();

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
    }

    [Fact]
    public async Task RedeliveredMessageOfAFinishedRun_DoesNotGiveItsPlaceBackTwice()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "fair", maxInFlight = 1 });
        var http = app.ClientWithKey(key.Key);
        var finished = await (await http.SubmitAsync(Client.Python())).RunAsync();
        await http.WaitFinalAsync(finished.Id, TimeSpan.FromSeconds(10));
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = await (await http.SubmitAsync(Client.Python())).RunAsync();

        // The finished run's message arrives again (a retried dispatch): its place was given back already.
        var dispatcher = app.Services.GetRequiredService<RunDispatcher>();
        Assert.Equal(DispatchOutcome.AlreadyFinal, await dispatcher.DispatchAsync(new RunMessage(finished.Id), 2, CancellationToken.None));
        var refused = await http.SubmitAsync(Client.Python());
        runner.Gate.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(RunStatus.Completed, (await http.WaitFinalAsync(holding.Id, TimeSpan.FromSeconds(10))).Status);
    }

    [Fact]
    public async Task APlaceWhoseReleaseWasLost_IsFreedAfterItsDeadline()
    {
        await using var runner = await StubRunner.StartAsync();
        // No dispatch: the accepted run stays queued, as if its release had been lost for good.
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "fair", maxInFlight = 1 });
        var http = app.ClientWithKey(key.Key);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SubmitAsync(Client.Python())).StatusCode);

        app.Time.Advance(Quotas.InFlightRuns.MarkerLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
    }
}
