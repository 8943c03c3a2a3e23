using System.Net;
using System.Net.Http.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

public sealed class BackpressureTests(SaturatedRunnerFixture runner) : IClassFixture<SaturatedRunnerFixture>
{
    [Fact]
    public async Task PastTheWaitBound_Is503_WithRetryAfter()
    {
        // Both sandboxes idle first (a previous test's runs may have left them being replaced), and the rejections
        // counted from here: the counter is the fixture's, shared with the other tests of this class.
        await runner.WaitForFullPoolsAsync();
        var rejectedBefore = await RejectedAsync();
        // The two admitted runs hold both sandboxes far longer than the one-second wait bound, so that each of the other six
        // is refused even when a loaded machine delivers it seconds after the first two: with runs as short as the wait
        // bound, a late request would find a sandbox freed and make a third success.
        var request = new ExecuteRequest("python", "import time\ntime.sleep(8)\nprint('slow')", Limits: new RunLimits(TimeMs: 12000));
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            runner.Client.PostAsJsonAsync("/v1/execute", request, RunnerJsonContext.Default.ExecuteRequest)));

        var ok = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var busy = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(2, ok.Count);
        Assert.Equal(6, busy.Count);
        Assert.All(busy, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.All(busy, r => Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType));
        Assert.Equal(rejectedBefore + 6, await RejectedAsync());
    }

    [Fact]
    public async Task DisabledLanguage_Is503_AndHealthStaysOk()
    {
        var response = await runner.Client.PostAsJsonAsync("/v1/execute", new ExecuteRequest("c", "int main(void){return 0;}"), RunnerJsonContext.Default.ExecuteRequest);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True((await runner.UnsignedClient.GetAsync("/healthz")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Containers_AreRecycled_AfterTheirBoundedNumberOfRuns()
    {
        var results = new List<ExecuteResult>();
        for (var i = 0; i < 7; i++)
        {
            // Each run waits for an idle sandbox: a recycled one is replaced in the background, and on a loaded machine
            // that takes longer than this fixture's one-second wait bound, which is PastTheWaitBound's subject, not this test's.
            await runner.WaitForFullPoolsAsync();
            results.Add(await runner.RunAsync("python", "print('again')"));
        }
        await runner.WaitForFullPoolsAsync();

        Assert.All(results, r => Assert.Equal(Verdicts.Ok, r.Verdict));
        Assert.All(results.GroupBy(r => r.Sandbox), g => Assert.InRange(g.Count(), 1, 3));
        Assert.True(results.Select(r => r.Sandbox).Distinct().Count() >= 3);
        var metrics = await runner.UnsignedClient.GetStringAsync("/metrics");
        Assert.Contains("neuron_runner_containers_replaced_total{language=\"python\",reason=\"recycled\"}", metrics);
    }

    private async Task<long> RejectedAsync()
    {
        const string Counter = "neuron_runner_rejected_total{language=\"python\"} ";
        var line = (await runner.UnsignedClient.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(Counter, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[Counter.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
