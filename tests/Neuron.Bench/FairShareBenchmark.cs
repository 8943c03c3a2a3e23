using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 10's fair share, through the public API with everything real: a victim key's Python hello world, one run every
/// half second as a reader clicks Run, alone and then while an attacker key floods the same language with CPU-bound
/// runs from 16 concurrent clients (each resubmitting as soon as it may). Both keys have the default limits of a new
/// key. Reports the victim's p50 under the flood against its p50 alone (target: within 2×).
/// </summary>
public static class FairShareBenchmark
{
    private const int VictimRuns = 30;
    private const int AttackerClients = 16;
    private static readonly TimeSpan ClickInterval = TimeSpan.FromMilliseconds(500);
    private const string AttackerSource = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3:\n    pass\nprint('flood')";

    public static async Task<int> RunAsync(string outputPath)
    {
        Bench.Progress("starting Azurite, the runner (2 python sandboxes) and the Functions app (local mode)");
        await using var stack = await LocalStack.StartAsync(
            new Dictionary<string, string> { ["Runner__PoolSize"] = "0", ["Runner__Pools__python"] = "2" },
            new Dictionary<string, string> { ["RateLimit__Enabled"] = "false" });
        using var victim = stack.ApiClient(await stack.CreateKeyAsync("secret", [], "victim", freeMicroCredits: AdminApi.UnlimitedMicroCredits));
        using var attacker = stack.ApiClient(await stack.CreateKeyAsync("secret", [], "attacker", freeMicroCredits: AdminApi.UnlimitedMicroCredits));
        using (var runnerProbe = new HttpClient { BaseAddress = stack.RunnerUrl })
            await RunnerPools.WaitUntilFullAsync(runnerProbe, TimeSpan.FromMinutes(2));

        Bench.Progress("victim alone: warm-up, then one run every 500 ms");
        await VictimAsync(victim, 10);
        var alone = Stats.Of(await VictimAsync(victim, VictimRuns));

        Bench.Progress($"victim while the attacker floods python from {AttackerClients} clients");
        using var stop = new CancellationTokenSource();
        var flood = Enumerable.Range(0, AttackerClients).Select(_ => AttackAsync(attacker, stop.Token)).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(3)); // the flood is on before the victim clicks
        var underFlood = Stats.Of(await VictimAsync(victim, VictimRuns));
        await stop.CancelAsync();
        var attacks = await Task.WhenAll(flood);

        var report = new FairShareReport(alone, underFlood, underFlood.P50 / alone.P50,
            attacks.Sum(a => a.Completed), attacks.Sum(a => a.Refused));
        Console.WriteLine(FormattableString.Invariant($"""

            | victim (python hello, one run every 500 ms) | p50 | p95 | runs |
            |---|---:|---:|---:|
            | alone | {alone.P50:0} ms | {alone.P95:0} ms | {alone.Count} |
            | while an attacker key floods python | {underFlood.P50:0} ms | {underFlood.P95:0} ms | {underFlood.Count} |

            victim p50 under the flood / alone: {report.Ratio:0.00}× (target ≤ 2×)
            attacker: {report.AttackerCompleted} runs completed, {report.AttackerRefused} submissions refused with 429 too-many-in-flight
            """));
        await Bench.WriteJsonAsync(outputPath, report);
        return report.Ratio <= 2 ? 0 : 1;
    }

    private static async Task<List<double>> VictimAsync(HttpClient api, int runs)
    {
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await Task.Delay(ClickInterval);
            var clock = Stopwatch.StartNew();
            using var response = await api.PostAsJsonAsync("/api/runs?wait=30", new { language = "python", source = $"print('victim', {i})" });
            var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (response.StatusCode == HttpStatusCode.Accepted) // not final within the wait: a starved run, followed to its end
                run = await PublicApi.WaitFinalAsync(api, run.GetProperty("id").GetString()!) ?? run;
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (run.GetProperty("status").GetString() != "completed" || run.GetProperty("stdout").GetString() != $"victim {i}\n")
                throw new InvalidOperationException($"victim run {i}: {run}");
        }
        return samples;
    }

    private static async Task<(int Completed, int Refused)> AttackAsync(HttpClient api, CancellationToken stop)
    {
        int completed = 0, refused = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await api.PostAsJsonAsync("/api/runs?wait=30", new { language = "python", source = AttackerSource }, stop);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    refused++;
                    var retry = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(retry, stop);
                }
                else if (response.StatusCode == HttpStatusCode.OK)
                {
                    completed++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        return (completed, refused);
    }
}

public sealed record FairShareReport(Stats Alone, Stats UnderFlood, double Ratio, int AttackerCompleted, int AttackerRefused);
