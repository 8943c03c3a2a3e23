using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Neuron.Runner.Contracts;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 2's figures, all measured in one run on this machine: the runner's POST /v1/execute latency on a warm pool
/// next to the floor (a bare process in the same image) and docker exec per run; Python throughput at concurrency 8;
/// the compile cache; the agent's idle memory; pause/unpause.
/// </summary>
public static class RunnerBenchmark
{
    private const int Concurrency = 8;
    private const int ThroughputRuns = 160;
    /// <summary>Runs per language before measuring: a freshly started agent is slower until its JIT has tiered up (about 50 requests).</summary>
    public const int WarmUp = 50;

    public static async Task<int> RunAsync(string outputPath)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        Bench.Progress("starting a runner agent (python pool 8, others 2)");
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using var runner = await SignedRunner.StartAsync(url, secret, new Dictionary<string, string>
        {
            ["Runner__InstanceId"] = "bench" + Guid.NewGuid().ToString("N")[..6],
            ["Runner__PoolSize"] = "2",
            ["Runner__Pools__python"] = Concurrency.ToString(CultureInfo.InvariantCulture),
            ["Runner__Pools__cpp20"] = "0",
            ["Runner__MaxConcurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
        });
        using var client = SignedClient.Create(url, secret);
        await Task.Delay(2000);
        var idleRssMb = runner.MemoryMb();
        Bench.Progress($"agent idle RSS {idleRssMb:0} MiB");
        await using var probes = new DockerProbes(docker);

        var rows = new List<LatencyRow>();
        foreach (var program in BenchProgram.All)
        {
            Bench.Progress($"{program.Language}: runner x{program.Iterations}");
            for (var i = 0; i < WarmUp; i++)
                await ExecuteAsync(client, program, program.Source); // a serving agent is warm: JIT tiers, caches
            var fresh = new List<double>();
            for (var i = 0; i < program.Iterations; i++)
                fresh.Add(await TimeAsync(client, program, program.Unique(i)));
            var cached = new List<double>();
            if (program.Compile is not null)
                for (var i = 0; i < program.Iterations; i++)
                    cached.Add(await TimeAsync(client, program, program.Source));
            Bench.Progress($"{program.Language}: floor x{program.Iterations}");
            var floor = await probes.FloorAsync(program, program.Iterations);
            Bench.Progress($"{program.Language}: docker exec x{program.Iterations}");
            var exec = await probes.ExecPerRunAsync(program, program.Iterations);
            rows.Add(new LatencyRow(program.Language, Stats.Of(fresh), cached.Count > 0 ? Stats.Of(cached) : null, Stats.Of(floor), Stats.Of(exec)));
        }

        var python = BenchProgram.All.Single(p => p.Language == "python");
        Bench.Progress($"python throughput: {ThroughputRuns} runs, {Concurrency} at once, runner vs floor");
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, ThroughputRuns), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (i, _) => await ExecuteAsync(client, python, python.Source));
        var runnerPerSecond = ThroughputRuns / clock.Elapsed.TotalSeconds;
        var floorPerSecond = ThroughputRuns / (await probes.FloorThroughputAsync(python, ThroughputRuns, Concurrency) / 1000);

        Bench.Progress("compile cache: an identical C++ source twice");
        var cacheSource = $"#include <iostream>\nint main(){{std::cout<<\"{Guid.NewGuid():N}\"<<std::endl;}}";
        var cpp = BenchProgram.All.Single(p => p.Language == "cpp");
        var cold = await TimeAsync(client, cpp, cacheSource);
        var warm = await TimeAsync(client, cpp, cacheSource);

        Bench.Progress("pause/unpause of an idle python container x20");
        var (pause, unpause) = await probes.PauseUnpauseAsync(python.Image, 20);

        var report = new RunnerReport(rows, runnerPerSecond, floorPerSecond, cold, warm, idleRssMb, Stats.Of(pause), Stats.Of(unpause));
        Print(report);
        await Bench.WriteJsonAsync(outputPath, report);
        return 0;
    }

    public static async Task<double> TimeAsync(HttpClient client, BenchProgram program, string source)
    {
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(client, program, source);
        return clock.Elapsed.TotalMilliseconds;
    }

    public static async Task ExecuteAsync(HttpClient client, BenchProgram program, string source)
    {
        var response = await client.PostAsJsonAsync("/v1/execute", new ExecuteRequest(program.Language, source), RunnerJsonContext.Default.ExecuteRequest);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync(RunnerJsonContext.Default.ExecuteResult);
        if (result is not { Verdict: Verdicts.Ok } || !result.Stdout.StartsWith("hello", StringComparison.Ordinal) && program.Source == source)
            throw new InvalidOperationException($"{program.Language} run was not ok: {result?.Verdict} {result?.Stderr}{result?.CompileOutput}");
    }

    private static void Print(RunnerReport r)
    {
        Console.WriteLine();
        Console.WriteLine("| language | runner p50 | runner p95 | cached p50 | floor p50 | overhead p50 | docker exec p50 | runner / exec |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Latency)
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Language} | {row.Runner.P50:0.0} ms | {row.Runner.P95:0.0} ms | {(row.Cached is null ? "–" : $"{row.Cached.P50:0.0} ms")} | {row.Floor.P50:0.0} ms | {row.Runner.P50 - row.Floor.P50:+0.0;-0.0} ms | {row.DockerExec.P50:0.0} ms | {row.Runner.P50 / row.DockerExec.P50:0.00} |"));
        Console.WriteLine(FormattableString.Invariant($"\npython throughput at concurrency {Concurrency}: runner {r.RunnerRunsPerSecond:0.0}/s, floor {r.FloorRunsPerSecond:0.0}/s, ratio {r.RunnerRunsPerSecond / r.FloorRunsPerSecond:P0} (target ≥ 70 %)"));
        Console.WriteLine(FormattableString.Invariant($"compile cache, identical C++ source: first {r.CacheColdMs:0} ms, second {r.CacheWarmMs:0} ms, {r.CacheColdMs / r.CacheWarmMs:0.0}x faster (target ≥ 5x)"));
        Console.WriteLine(FormattableString.Invariant($"agent RSS at idle: {r.IdleRssMb:0} MiB (target ≤ 150 MiB)"));
        Console.WriteLine(FormattableString.Invariant($"docker pause p50 {r.Pause.P50:0.0} ms, unpause p50 {r.Unpause.P50:0.0} ms (what a paused reserve would add to a run)"));
    }

}
