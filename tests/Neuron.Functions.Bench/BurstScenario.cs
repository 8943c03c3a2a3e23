using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Bench;

namespace Neuron.Functions.Bench;

/// <summary>
/// The Docker burst's shape against the stub runner: <c>runs</c> submissions fired at once, then every run
/// long-polled until final (<c>GET ?wait=30</c>), with the CPU each of the app and Azurite spent per run (/proc) and
/// the app's storage operations per run by kind (<c>/api/metrics</c>). The stub runner answers at once and lives in
/// this process, so what is left is the app's own work and the storage work it asks of Azurite.
/// </summary>
public static class BurstScenario
{
    public static async Task RunAsync(Uri url, string key, int runs, int appPid, int azuritePid)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = runs + 16 }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var before = await MetricsScrape.ReadAsync(http, "/api/metrics");
        await using var cpu = await CpuMeter.StartAsync(new Dictionary<string, int[]> { ["functions"] = [appPid], ["azurite"] = [azuritePid] },
            _ => Task.FromResult<int?>(null));
        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, runs).Select(async i =>
        {
            using var response = await http.PostAsJsonAsync("/api/runs", new { language = "python", source = $"print('burst', {i})", stdin = $"burst {i}\n" });
            return response.StatusCode == HttpStatusCode.Accepted
                ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()
                : null;
        }));
        var submitted = clock.Elapsed;
        var finals = await Task.WhenAll(ids.Select(async id => id is null ? null : await PublicApi.WaitFinalAsync(http, id)));
        var drained = clock.Elapsed;
        var spent = await cpu.StopAsync();
        var after = await MetricsScrape.ReadAsync(http, "/api/metrics");
        var completed = finals.Count(f => f?.GetProperty("status").GetString() == "completed");

        Console.WriteLine();
        Console.WriteLine($"burst of {runs}: accepted {ids.Count(id => id is not null)}, completed {completed}; submitted in {submitted.TotalSeconds:0.0} s, drained in {drained.TotalSeconds:0.0} s ({runs / drained.TotalSeconds:0.0} runs/s)");
        Console.WriteLine($"CPU per run: app {spent["functions"] / runs:0.0} ms, Azurite {spent["azurite"] / runs:0.0} ms, machine {spent["machine"] / runs:0.0} ms");
        var operations = after.StorageOperationsPerRun(before, runs);
        Console.WriteLine($"storage operations per run: {operations.Values.Sum():0.0} ({string.Join(", ", operations.Select(o => $"{o.Key} {o.Value:0.00}"))})");
    }
}
