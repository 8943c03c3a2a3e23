using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace Neuron.Chaos.Tests;

/// <summary>
/// Each fault hits while 24 one-second runs are in flight; then every accepted run must be final and readable
/// (lost = 0) and none executed twice (run twice = 0), except that Azurite's own hard kill may lose what it had not
/// saved yet (README, "Faults and guarantees"). Each fault starts from a healthy stack.
/// </summary>
[Collection(ChaosCollection.Name)]
public sealed class ChaosTests(ChaosFixture fixture, ITestOutputHelper output)
{
    private const int RunsInFlight = 24;

    /// <summary>How long after the fault every accepted run has to become final.</summary>
    private static readonly TimeSpan FinalBound = TimeSpan.FromMinutes(3);

    /// <summary>The same for the fault allowed to lose runs: what it stranded is lost either way; the suite need not wait.</summary>
    private static readonly TimeSpan LossyFinalBound = TimeSpan.FromMinutes(1);

    public static TheoryData<string> FaultNames() => new(Faults.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(FaultNames))]
    public async Task WithRunsInFlight_NoAcceptedRunIsLostOrRunTwice(string name)
    {
        var fault = Faults.Named(name);
        await fixture.WaitHealthyAsync();
        fixture.Notes.Clear();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var clock = Stopwatch.StartNew();

        var accepted = await SubmitAsync(tag);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the first runs execute, the others wait in the queue
        await fault.InjectAsync(fixture, accepted.Select(a => a.Id).ToList());
        var runs = await Task.WhenAll(accepted.Select(a => WaitFinalAsync(a.Id, fault.MayLoseRuns ? LossyFinalBound : FinalBound)));
        var drained = clock.Elapsed;
        if (fault.AfterFinalAsync is { } after)
            await after(fixture, accepted.Select(a => a.Id).ToList());
        // A retry that was already under way when the last run became final would show in the runner's log by now.
        await Task.Delay(TimeSpan.FromSeconds(3));

        var failed = new Dictionary<string, int>();
        int completed = 0, lost = 0, unrecorded = 0;
        foreach (var ((id, expected), run) in accepted.Zip(runs))
        {
            if (run is not { } document)
                lost++;
            else if (document.GetProperty("status").GetString() == "completed" && document.GetProperty("verdict").GetString() == "ok"
                     && document.GetProperty("stdout").GetString() == expected)
            {
                completed++;
                if (fixture.Executions(id) == 0)
                    unrecorded++;
            }
            else
                failed[Reason(document)] = failed.GetValueOrDefault(Reason(document)) + 1;
        }
        var runTwice = accepted.Count(a => fixture.Executions(a.Id) > 1);
        var row = new ChaosRow(fault.Name, accepted.Count, completed, failed, lost, runTwice, drained);
        var notes = new List<string> { $"{accepted.Sum(a => fixture.Executions(a.Id))} executions reported by the runner for {accepted.Count} runs" };
        while (fixture.Notes.TryDequeue(out var note))
            notes.Add(note);
        output.WriteLine(ChaosRow.Header + row.Markdown + "\n" + string.Join("\n", notes));
        await fixture.AddRowAsync(row, notes);

        Assert.Equal(RunsInFlight, accepted.Count);
        // The evidence for "run twice" is the runner's log: it must show every run that completed.
        if (!fault.CutsRunnerLog)
            Assert.Equal(0, unrecorded);
        if (!fault.MayLoseRuns)
        {
            Assert.Equal(0, lost);
            Assert.Equal(0, runTwice);
        }
    }

    private async Task<List<(string Id, string Expected)>> SubmitAsync(string tag)
    {
        var submissions = await Task.WhenAll(Enumerable.Range(0, RunsInFlight).Select(async i =>
        {
            var expected = $"{tag}-{i}";
            using var response = await fixture.Api.PostAsJsonAsync("/api/runs", new
            {
                language = "python",
                source = $"import time\ntime.sleep(1)\nprint('{expected}')",
                limits = new { timeMs = 5000 },
            });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
            return (JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!, expected + "\n");
        }));
        return [.. submissions];
    }

    /// <summary>The final run; null when it is unknown (404: its row is gone) or never final within the bound.</summary>
    private async Task<JsonElement?> WaitFinalAsync(string id, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await fixture.Api.GetAsync($"/api/runs/{id}?wait=20");
                if (response.StatusCode == HttpStatusCode.NotFound)
                    return null;
                if (response.IsSuccessStatusCode)
                {
                    var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    if (run.GetProperty("status").GetString() is "completed" or "failed")
                        return run;
                    continue;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The app or its storage is down for the fault: ask again.
            }
            await Task.Delay(500);
        }
        return null;
    }

    private static string Reason(JsonElement run)
    {
        var error = run.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        var text = $"{run.GetProperty("status").GetString()}/{run.GetProperty("verdict")}{(error.Length > 0 ? ": " + error : "")}";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
