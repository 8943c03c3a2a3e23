using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 4's figures, through the public API with everything real (Azurite, queue, dispatcher, runner, Docker):
/// per language POST /api/runs?wait to the final result next to the bare-process floor and the original Neuron's
/// published numbers; then the burst that froze the original server: 1,000 submissions fired at once.
/// </summary>
public static class EndToEndBenchmark
{
    private const int BurstSize = 1000;

    /// <summary>Bare processes at once in the floor container: as many as the runner's python sandboxes (Runner__Pools__python).</summary>
    private const int BareParallel = 4;

    private const string RunnerRuns = "neuron_runner_runs_total";
    private const string PythonRuns = "language=\"python\"";

    /// <summary>Pause before each "spaced" run: a reader clicking Run, not a loop; long enough for Node.js to boot.</summary>
    private static readonly TimeSpan ClickInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The original Neuron design's published end-to-end latencies (docker exec into warm containers).</summary>
    private static readonly Dictionary<string, double> Original = new() { ["python"] = 250, ["javascript"] = 250, ["cpp"] = 700, ["java"] = 900 };

    /// <param name="latency">Measure every language's latency first (<c>e2e</c>); false runs the burst alone (<c>burst</c>).</param>
    public static async Task<int> RunAsync(string outputPath, bool latency = true)
    {
        Bench.Progress("starting Azurite, the runner and the Functions app (local mode)");
        await using var stack = await LocalStack.StartAsync(
            new Dictionary<string, string> { ["Runner__PoolSize"] = "2", ["Runner__Pools__python"] = "4", ["Runner__Pools__javascript"] = "4", ["Runner__Pools__cpp20"] = "0" },
            // The burst is the original stress test: a flood from one caller, so no rate limit here (and a key with room).
            new Dictionary<string, string> { ["RateLimit__Enabled"] = "false" });
        var key = await stack.CreateKeyAsync("secret", [], "bench", permitsPerMinute: 1_000_000, dailyRunQuota: 100_000_000, maxInFlight: 10_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits);
        using (var runnerProbe = new HttpClient { BaseAddress = stack.RunnerUrl })
            await RunnerPools.WaitUntilFullAsync(runnerProbe, TimeSpan.FromMinutes(2));
        using var api = stack.ApiClient(key, maxConnections: 2048);
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        await using var probes = new DockerProbes(docker);

        var rows = new List<EndToEndRow>();
        foreach (var program in latency ? BenchProgram.All : [])
        {
            Bench.Progress($"{program.Language}: POST /api/runs?wait x{program.Iterations}");
            for (var i = 0; i < RunnerBenchmark.WarmUp; i++)
                await SubmitAndWaitAsync(api, program.Language, program.Source); // a serving stack is warm
            var fresh = new List<double>();
            for (var i = 0; i < program.Iterations; i++)
                fresh.Add(await TimeAsync(api, program.Language, program.Unique(i)));
            var spaced = new List<double>();
            for (var i = 0; i < program.Iterations; i++)
            {
                await Task.Delay(ClickInterval);
                spaced.Add(await TimeAsync(api, program.Language, program.Unique(program.Iterations + i)));
            }
            var cached = new List<double>();
            if (program.Compile is not null)
                for (var i = 0; i < program.Iterations; i++)
                    cached.Add(await TimeAsync(api, program.Language, program.Source));
            Bench.Progress($"{program.Language}: floor x{program.Iterations}");
            var floor = Stats.Of(await probes.FloorAsync(program, program.Iterations));
            rows.Add(new EndToEndRow(program.Language, Stats.Of(fresh), Stats.Of(spaced), cached.Count > 0 ? Stats.Of(cached) : null, floor,
                Original.TryGetValue(program.Language, out var original) ? original : null));
        }

        var python = BenchProgram.All.Single(p => p.Language == "python");
        for (var i = 0; i < RunnerBenchmark.WarmUp; i++)
            await SubmitAndWaitAsync(api, python.Language, python.Source);
        // The bare-process rate is measured just before and just after the burst (the machine's load drifts) and averaged.
        Bench.Progress($"bare processes: {BurstSize} python3 in one {python.Image} container, {BareParallel} at a time");
        var bareBefore = BurstSize / (await probes.FloorThroughputAsync(python, BurstSize, BareParallel) / 1000);
        Bench.Progress($"burst: {BurstSize} submissions at once, health probed every 50 ms");
        var burst = await BurstAsync(api, stack, docker);
        Bench.Progress($"bare processes again: {BurstSize} python3, {BareParallel} at a time");
        var bareAfter = BurstSize / (await probes.FloorThroughputAsync(python, BurstSize, BareParallel) / 1000);
        burst = burst with { BarePerSecond = [bareBefore, bareAfter] };
        var report = new EndToEndReport(rows, burst);
        Print(report);
        await Bench.WriteJsonAsync(outputPath, report);
        return burst.Lost == 0 && burst.Wrong == 0 && burst.RunTwice == 0 ? 0 : 1;
    }

    private static async Task<BurstReport> BurstAsync(HttpClient api, LocalStack stack, DockerClient docker)
    {
        using var runnerMetrics = new HttpClient { BaseAddress = stack.RunnerUrl };
        var runnerBefore = await MetricsScrape.ReadAsync(runnerMetrics, "/metrics");
        var appBefore = await MetricsScrape.ReadAsync(api, "/api/metrics");
        var cpu = await CpuMeter.StartAsync(new Dictionary<string, int[]>
        {
            ["functions"] = [stack.Functions.Pid],
            ["runner"] = [stack.Runner.Pid],
            ["azurite"] = [await stack.Azurite.PidAsync()],
            ["dockerd+containerd"] = [.. CpuMeter.ProcessesNamed("dockerd"), .. CpuMeter.ProcessesNamed("containerd")],
        }, async id =>
        {
            try
            {
                var container = await docker.Containers.InspectContainerAsync(id);
                return container.Config.Labels?.TryGetValue("neuron.runner.instance", out var instance) == true && instance == stack.RunnerInstanceId
                    ? (int)container.State.Pid : null;
            }
            catch (DockerContainerNotFoundException)
            {
                return null;
            }
        });
        var health = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var prober = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                (await api.GetAsync("/api/health")).Dispose();
                health.Add(clock.Elapsed.TotalMilliseconds);
                await Task.Delay(50);
            }
        });
        var submitLatency = new ConcurrentBag<double>();
        var start = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, BurstSize).Select(async i =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await api.PostAsJsonAsync("/api/runs", new { language = "python", source = $"print('burst', {i})" });
            submitLatency.Add(clock.Elapsed.TotalMilliseconds);
            return response.StatusCode == HttpStatusCode.Accepted
                ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()
                : null;
        }));
        var submitted = start.Elapsed;
        var finals = await Task.WhenAll(ids.Select(async (id, i) => id is null ? null : await PublicApi.WaitFinalAsync(api, id)));
        var drained = start.Elapsed;
        var cpuMs = await cpu.StopAsync();
        await stop.CancelAsync();
        await prober;
        var wrong = finals.Select((run, i) => (run, i)).Count(x => x.run is { } r && r.GetProperty("stdout").GetString() != $"burst {x.i}\n");
        var runnerAfter = await MetricsScrape.ReadAsync(runnerMetrics, "/metrics");
        var appAfter = await MetricsScrape.ReadAsync(api, "/api/metrics");
        var executed = (long)(runnerAfter.Sum(RunnerRuns, PythonRuns) - runnerBefore.Sum(RunnerRuns, PythonRuns));
        cpuMs["programs (as metered)"] = appAfter.Sum("neuron_run_cpu_milliseconds_total") - appBefore.Sum("neuron_run_cpu_milliseconds_total");
        return new BurstReport(
            BurstSize, ids.Count(id => id is not null), finals.Count(f => f?.GetProperty("status").GetString() == "completed"),
            Lost: ids.Count(id => id is null) + finals.Count(f => f is null), Wrong: wrong, RunTwice: (int)Math.Max(0, executed - BurstSize),
            Stats.Of(submitLatency.ToArray()), submitted.TotalSeconds, drained.TotalSeconds, Stats.Of(health.ToArray()),
            stack.Functions.MemoryMb(peak: true), stack.Runner.MemoryMb(peak: true), executed,
            cpuMs.ToDictionary(c => c.Key, c => c.Value / BurstSize), appAfter.StorageOperationsPerRun(appBefore, BurstSize), BarePerSecond: []);
    }

    private static async Task<double> TimeAsync(HttpClient api, string language, string source)
    {
        var clock = Stopwatch.StartNew();
        await SubmitAndWaitAsync(api, language, source);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task SubmitAndWaitAsync(HttpClient api, string language, string source)
    {
        using var response = await api.PostAsJsonAsync("/api/runs?wait=30", new { language, source });
        var run = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (run.GetProperty("status").GetString() != "completed" || run.GetProperty("verdict").GetString() != "ok")
            throw new InvalidOperationException($"{language}: {run}");
    }

    private static void Print(EndToEndReport r)
    {
        Console.WriteLine();
        Console.WriteLine("| language | POST ?wait p50 | p95 | spaced p50 | cached p50 | floor p50 | p50 − floor | original Neuron |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Latency)
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Language} | {row.Api.P50:0} ms | {row.Api.P95:0} ms | {row.Spaced.P50:0} ms | {(row.Cached is null ? "–" : $"{row.Cached.P50:0} ms")} | {row.Floor.P50:0} ms | {row.Api.P50 - row.Floor.P50:+0;-0} ms | {(row.OriginalMs is null ? "–" : $"~{row.OriginalMs:0} ms")} |"));
        var b = r.Burst;
        Console.WriteLine(FormattableString.Invariant($"""

            burst of {b.Fired}: accepted {b.Accepted}, completed {b.Completed}, lost {b.Lost}, wrong output {b.Wrong}, run twice {b.RunTwice} (runner executed {b.RunnerExecutions})
            submit p50 {b.Submit.P50:0.0} ms, p99 {b.Submit.P99:0.0} ms; all submitted in {b.SubmittedSeconds:0.0} s; drained in {b.DrainedSeconds:0.0} s
            GET /api/health during the burst: p50 {b.Health.P50:0.0} ms, p99 {b.Health.P99:0.0} ms (target ≤ 100 ms)
            peak memory: Functions app {b.FunctionsPeakMb:0} MiB, runner agent {b.RunnerPeakMb:0} MiB

            burst rate {b.RunsPerSecond:0.0} runs/s; bare python3 processes {b.BareRunsPerSecond:0.0} /s ({string.Join(" before, ", b.BarePerSecond.Select(r => r.ToString("0.0", CultureInfo.InvariantCulture)))} after); ratio {b.RunsPerSecond / b.BareRunsPerSecond:0%} (goal ≥ 120 runs/s, ≥ 55 %)
            """));
        Console.WriteLine("\n| CPU per run | ms |\n|---|---:|");
        foreach (var (part, ms) in b.CpuMsPerRun)
            Console.WriteLine(FormattableString.Invariant($"| {part} | {ms:0.00} |"));
        Console.WriteLine(FormattableString.Invariant($"\n| storage operations per run | {b.StorageOperationsPerRun.Values.Sum():0.00} |\n|---|---:|"));
        foreach (var (kind, perRun) in b.StorageOperationsPerRun)
            Console.WriteLine(FormattableString.Invariant($"| {kind} | {perRun:0.00} |"));
    }
}
