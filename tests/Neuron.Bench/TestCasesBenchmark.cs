using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 13's test cases, through the public API with everything real: one C++ run with 20 test cases against the same
/// program submitted as 20 separate runs with the same inputs (one after another, each <c>?wait</c>ed), and against 20
/// separate runs whose sources differ by a comment (so the compile cache cannot help: what a judge without one pays).
/// Each round uses a source never compiled before. Prints each mode's time to the last result and runner CPU, and the
/// ratios against the one run with cases, all measured in the same run.
/// </summary>
public static class TestCasesBenchmark
{
    private const int Cases = 20;
    private const int Rounds = 3;
    private const string Program = "#include <iostream>\n#include <vector>\nint main() { long n, s = 0; std::cin >> n; std::vector<long> v(n); for (auto& x : v) { std::cin >> x; s += x; } std::cout << s << std::endl; }";

    public static async Task<int> RunAsync(string outputPath)
    {
        Bench.Progress("starting Azurite, the runner (2 cpp sandboxes) and the Functions app (local mode)");
        await using var stack = await LocalStack.StartAsync(
            new Dictionary<string, string> { ["Runner__PoolSize"] = "0", ["Runner__Pools__cpp"] = "2" },
            new Dictionary<string, string>());
        using var api = stack.ApiClient(await stack.CreateKeyAsync("secret", [], "bench", permitsPerMinute: 100_000, dailyRunQuota: 1_000_000, maxInFlight: 1_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits));
        using (var runnerProbe = new HttpClient { BaseAddress = stack.RunnerUrl })
            await RunnerPools.WaitUntilFullAsync(runnerProbe, TimeSpan.FromMinutes(2));
        var inputs = Enumerable.Range(1, Cases).Select(i => (Stdin: $"{i} " + string.Join(' ', Enumerable.Range(1, i)) + "\n", Expected: $"{i * (i + 1) / 2}")).ToList();

        Bench.Progress("warm-up: one run of each mode on a throw-away program");
        await OneRunWithCasesAsync(api, Source("warm-up"), inputs);
        await SeparateRunsAsync(api, i => Source("warm-up"), inputs);

        var rows = new List<TestCasesRow>();
        for (var round = 1; round <= Rounds; round++)
        {
            var tag = $"round {round} {Guid.NewGuid():N}";
            Bench.Progress($"round {round}: one run with {Cases} cases");
            var cases = await OneRunWithCasesAsync(api, Source(tag + " cases"), inputs);
            Bench.Progress($"round {round}: {Cases} separate runs of one program (the compile cache serves all but the first)");
            var separate = await SeparateRunsAsync(api, _ => Source(tag + " separate"), inputs);
            Bench.Progress($"round {round}: {Cases} separate runs, each a different source (every one compiles)");
            var uncached = await SeparateRunsAsync(api, i => Source($"{tag} uncached {i}"), inputs);
            rows.Add(new TestCasesRow(round, cases.Ms, cases.CpuMs, separate.Ms, separate.CpuMs, uncached.Ms, uncached.CpuMs));
        }

        double Median(Func<TestCasesRow, double> f) => rows.Select(f).Order().ElementAt(rows.Count / 2);
        var report = new TestCasesReport(Cases, rows, Median(r => r.SeparateMs / r.CasesMs), Median(r => r.UncachedMs / r.CasesMs));
        Console.WriteLine();
        Console.WriteLine($"| round | 1 run × {Cases} cases | {Cases} runs, same source | {Cases} runs, distinct sources | same source / cases | distinct / cases |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"| {r.Round} | {r.CasesMs:0} ms ({r.CasesCpuMs} ms CPU) | {r.SeparateMs:0} ms ({r.SeparateCpuMs} ms CPU) | {r.UncachedMs:0} ms ({r.UncachedCpuMs} ms CPU) | {r.SeparateMs / r.CasesMs:0.0}× | {r.UncachedMs / r.CasesMs:0.0}× |"));
        }
        Console.WriteLine(FormattableString.Invariant($"\nmedian: {Cases} separate runs take {report.SeparateRatio:0.0}× the time of one run with {Cases} cases (same source), {report.UncachedRatio:0.0}× with distinct sources"));
        await Bench.WriteJsonAsync(outputPath, report);
        return 0;
    }

    private static string Source(string tag) => $"// {tag}\n{Program}";

    private static async Task<(double Ms, long CpuMs)> OneRunWithCasesAsync(HttpClient api, string source, IReadOnlyList<(string Stdin, string Expected)> inputs)
    {
        var clock = Stopwatch.StartNew();
        var run = await SubmitAsync(api, new
        {
            language = "cpp",
            source,
            tests = inputs.Select(c => new { stdin = c.Stdin, expectedOutput = c.Expected }).ToArray(),
        });
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (run.GetProperty("verdict").GetString() != "ok" || run.GetProperty("tests").GetArrayLength() != inputs.Count)
            throw new InvalidOperationException($"the run with cases did not pass: {run}");
        return (elapsed, run.GetProperty("cpuMs").GetInt64());
    }

    private static async Task<(double Ms, long CpuMs)> SeparateRunsAsync(HttpClient api, Func<int, string> source, IReadOnlyList<(string Stdin, string Expected)> inputs)
    {
        var clock = Stopwatch.StartNew();
        long cpu = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var run = await SubmitAsync(api, new { language = "cpp", source = source(i), stdin = inputs[i].Stdin, expectedOutput = inputs[i].Expected });
            if (run.GetProperty("verdict").GetString() != "ok")
                throw new InvalidOperationException($"separate run {i} did not pass: {run}");
            cpu += run.GetProperty("cpuMs").GetInt64();
        }
        return (clock.Elapsed.TotalMilliseconds, cpu);
    }

    private static async Task<JsonElement> SubmitAsync(HttpClient api, object body)
    {
        using var response = await api.PostAsJsonAsync("/api/runs?wait=30", body);
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{(int)response.StatusCode}: {run}");
        if (run.GetProperty("status").GetString() != "completed")
            run = await PublicApi.WaitFinalAsync(api, run.GetProperty("id").GetString()!) ?? run;
        return run;
    }
}

public sealed record TestCasesRow(int Round, double CasesMs, long CasesCpuMs, double SeparateMs, long SeparateCpuMs, double UncachedMs, long UncachedCpuMs);

public sealed record TestCasesReport(int Cases, IReadOnlyList<TestCasesRow> Rounds, double SeparateRatio, double UncachedRatio);
