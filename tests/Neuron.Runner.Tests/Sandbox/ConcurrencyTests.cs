using System.Net.Http.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

[Collection(RunnerCollection.Name)]
public sealed class ConcurrencyTests(RunnerFixture runner)
{
    [Fact]
    public async Task FiftySimultaneousRequests_AgainstAPoolOfFour_AllCorrect_NeverMoreThanFourAtOnce()
    {
        var requests = Enumerable.Range(0, 50).Select(i =>
            runner.RunAsync("python", $"import time\ntime.sleep(0.05)\nprint({i} * {i})")).ToList();

        var results = await Task.WhenAll(requests);

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(Verdicts.Ok, results[i].Verdict);
            Assert.Equal($"{i * i}\n", results[i].Stdout);
        }
        var events = results.SelectMany(r => new[] { (r.StartedAt, +1), (r.FinishedAt, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
        var running = 0;
        var peak = 0;
        foreach (var (_, delta) in events)
            peak = Math.Max(peak, running += delta);
        Assert.InRange(peak, 2, 4);
        Assert.True(results.Select(r => r.Sandbox).Distinct().Count() <= 8, "more containers were used than the pool holds");
        var metrics = await runner.UnsignedClient.GetStringAsync("/metrics");
        var peakLine = metrics.Split('\n').Single(l => l.StartsWith("neuron_runner_runs_in_flight{state=\"peak_running\"}"));
        Assert.InRange(int.Parse(peakLine.Split(' ')[1]), 1, 4);
    }
}
