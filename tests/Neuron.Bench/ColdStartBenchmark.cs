using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Runner.Contracts;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 19's figures: how long a cold start takes, and whether what it serves first is right. Each round starts the
/// whole stack on a fresh Azurite (nothing stored: a new deployment) and measures, from the processes' start, the
/// app's first served <c>GET /api/languages</c> (and its source and Python version), the runner's first warm run per
/// popular language (a signed <c>/v1/execute</c> sent at once and retried until the agent listens), and the first
/// run through the public API; then restarts the app alone (runner warm, list stored: a scale-out) and measures its
/// first served request and first run again.
/// </summary>
public static class ColdStartBenchmark
{
    private static readonly string[] Popular = ["python", "javascript"];

    public static async Task<int> RunAsync(string outputPath, int rounds)
    {
        var rows = new List<ColdStartRow>();
        for (var round = 1; round <= rounds; round++)
        {
            Bench.Progress($"round {round}/{rounds}: Azurite, runner and app from cold");
            await using var stack = await LocalStack.StartAsync(new Dictionary<string, string>(), new Dictionary<string, string>(), waitHealthy: false);
            var app = FirstLanguagesAsync(stack);
            var warm = Popular.ToDictionary(l => l, l => FirstWarmRunAsync(stack, l));
            var (appFirst, source, version) = await app;
            var key = await stack.CreateKeyAsync("secret", [], "cold-start bench", freeMicroCredits: AdminApi.UnlimitedMicroCredits);
            var (firstRun, runVersion) = await FirstRunAsync(stack, key);
            await Task.WhenAll(warm.Values);
            await stack.WaitRunnerHealthyAsync();
            var healthy = Since(stack.StartedAt);
            // As a serving instance would have by now: reached the full list and stored it (its health asks for it).
            await stack.WaitFunctionsHealthyAsync();

            Bench.Progress($"round {round}/{rounds}: the app alone again (runner warm, list stored)");
            await stack.Functions.SignalAsync("TERM", TimeSpan.FromSeconds(30));
            await stack.RestartFunctionsAsync(waitHealthy: false);
            var (againFirst, againSource, againVersion) = await FirstLanguagesAsync(stack);
            var (againRun, againRunVersion) = await FirstRunAsync(stack, key);

            rows.Add(new ColdStartRow(round, appFirst, source, version, warm.ToDictionary(p => p.Key, p => p.Value.Result), firstRun, runVersion, healthy,
                againFirst, againSource, againVersion, againRun, againRunVersion));
        }

        Console.WriteLine();
        Console.WriteLine("All from process start, ms. Stack cold = Azurite fresh, runner and app started together; app cold = the app restarted alone.");
        Console.WriteLine($"{"round",5} {"app 1st GET",12} {"source/version",-26} {"python warm",12} {"js warm",10} {"1st run e2e",12} {"run version",-16} {"runner ok",10} | {"app 1st GET",12} {"source/version",-26} {"1st run e2e",12}");
        foreach (var r in rows)
            Console.WriteLine($"{r.Round,5} {r.AppFirstRequestMs,12:0} {r.Source + " " + r.PythonVersion,-26} {r.FirstWarmRunMs["python"],12:0} {r.FirstWarmRunMs["javascript"],10:0} {r.FirstRunMs,12:0} {r.FirstRunVersion,-16} {r.RunnerHealthyMs,10:0} | {r.AppAgainFirstRequestMs,12:0} {r.AgainSource + " " + r.AgainPythonVersion,-26} {r.AppAgainFirstRunMs,12:0}");
        Console.WriteLine();
        Console.WriteLine($"median: stack cold app first GET {Median(rows.Select(r => r.AppFirstRequestMs)):0} ms, python warm run {Median(rows.Select(r => r.FirstWarmRunMs["python"])):0} ms, " +
            $"javascript {Median(rows.Select(r => r.FirstWarmRunMs["javascript"])):0} ms, first run e2e {Median(rows.Select(r => r.FirstRunMs)):0} ms; " +
            $"app cold first GET {Median(rows.Select(r => r.AppAgainFirstRequestMs)):0} ms, first run {Median(rows.Select(r => r.AppAgainFirstRunMs)):0} ms");
        await Bench.WriteJsonAsync(outputPath, rows);
        return 0;
    }

    private static double Since(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;

    private static double Median(IEnumerable<double> values) => Stats.Of(values.ToList()).P50;

    /// <summary>The first 200 of GET /api/languages: when, which source, Python's version.</summary>
    private static async Task<(double Ms, string Source, string Version)> FirstLanguagesAsync(LocalStack stack)
    {
        using var api = stack.ApiClient(null);
        var response = await UntilAnsweredAsync(() => api.GetAsync("/api/languages"));
        var ms = Since(stack.StartedAt);
        var languages = await response.Content.ReadFromJsonAsync<List<LanguageInfo>>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return (ms, response.Headers.GetValues("Neuron-Languages-Source").Single(), languages!.Single(l => l.Id == "python").Version);
    }

    /// <summary>A hello world sent to the runner as soon as it listens; it waits there for the language's first warm sandbox.</summary>
    private static async Task<double> FirstWarmRunAsync(LocalStack stack, string language)
    {
        using var runner = stack.RunnerClient();
        runner.Timeout = TimeSpan.FromMinutes(3);
        var program = BenchProgram.All.Single(p => p.Language == language);
        while (true)
        {
            var response = await UntilAnsweredAsync(() => runner.PostAsJsonAsync("/v1/execute", new ExecuteRequest(language, program.Source), RunnerJsonContext.Default.ExecuteRequest));
            if (response.IsSuccessStatusCode)
                return Since(stack.StartedAt);
            await Task.Delay(50); // 503: no sandbox within the runner's queue timeout yet
        }
    }

    /// <summary>POST /api/runs?wait=30 of a Python hello world: when it was final, with which version.</summary>
    private static async Task<(double Ms, string Version)> FirstRunAsync(LocalStack stack, string key)
    {
        using var api = stack.ApiClient(key);
        var response = await UntilAnsweredAsync(() => api.PostAsJsonAsync("/api/runs?wait=30", new { language = "python", source = "print('hello')" }));
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (run.GetProperty("status").GetString() is not ("completed" or "failed"))
            run = (await PublicApi.WaitFinalAsync(api, run.GetProperty("id").GetString()!))!.Value;
        return (Since(stack.StartedAt), run.GetProperty("version").GetString()!);
    }

    private static async Task<HttpResponseMessage> UntilAnsweredAsync(Func<Task<HttpResponseMessage>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                return await send();
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // not listening yet
            }
        }
    }
}
