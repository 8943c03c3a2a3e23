using System.Globalization;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Metrics;

/// <summary>GET /api/metrics counts the app's storage requests by kind and the runs it metered: real Azurite, stub runner.</summary>
public sealed class StorageMetricsTests
{
    private static async Task<Dictionary<string, double>> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
                continue;
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return samples;
    }

    private static double Get(Dictionary<string, double> samples, string name) => samples.GetValueOrDefault(name);

    [Fact]
    public async Task ARun_MovesTheStorageCountersOfEachKindItUses_AndTheRunsMetered()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var before = await ScrapeAsync(http);

        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "counted\n"))).RunAsync();
        var run = await http.WaitFinalAsync(submitted.Id, TimeSpan.FromSeconds(20));
        // The run is final once its result is stored; it is metered, and its message deleted, just after.
        const string messageDeleted = "neuron_storage_operations_total{service=\"queue\",kind=\"delete\"}";
        var after = await Eventually.GetAsync(() => ScrapeAsync(http),
            s => Get(s, "neuron_runs_metered_total") > Get(before, "neuron_runs_metered_total") && Get(s, messageDeleted) > Get(before, messageDeleted),
            TimeSpan.FromSeconds(10), "the run metered and its message deleted");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, Get(after, "neuron_runs_metered_total") - Get(before, "neuron_runs_metered_total"));
        // A run: its row inserted and updated (claim, result), its message enqueued, dequeued and deleted, usage batched.
        foreach (var kind in new[] { "table\",kind=\"insert", "table\",kind=\"update", "table\",kind=\"read", "table\",kind=\"batch",
                     "queue\",kind=\"enqueue", "queue\",kind=\"dequeue", "queue\",kind=\"delete" })
        {
            var name = $"neuron_storage_operations_total{{service=\"{kind}\"}}";
            Assert.True(Get(after, name) > Get(before, name), $"{name}: {Get(before, name)} -> {Get(after, name)}");
        }
        Assert.True(Get(after, "neuron_storage_operations_per_run{service=\"all\",kind=\"all\"}") > 0);
    }
}
