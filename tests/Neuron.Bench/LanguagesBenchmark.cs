using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Every language of the runner's catalog through the public API (Azurite, queue, dispatcher, runner, Docker):
/// hello world's first run with no idle container, then its p50 on an idle container, next to the floor (the same
/// compile and run commands as a bare process in the same image, work files wiped as the sandbox wipes them). The
/// compile cache is off, so every run compiles. Also the memory at idle: every language warm, then the shipped
/// configuration (popular languages warm, the rest on demand).
/// </summary>
public static class LanguagesBenchmark
{
    public static async Task<int> RunAsync(string outputPath)
    {
        var clock = Stopwatch.StartNew();
        var languages = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "runner", "Neuron.Runner", "Languages", "languages.json"))).RootElement
            .EnumerateArray().ToList();
        // NEURON_BENCH_LANGUAGES=ts,go measures only those rows (a row re-measured apart from the full table's run).
        if (Environment.GetEnvironmentVariable("NEURON_BENCH_LANGUAGES") is { Length: > 0 } only)
            languages = [.. languages.Where(l => only.Split(',').Contains(l.GetProperty("id").GetString()))];
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

        // NEURON_BENCH_ALL_WARM=0 skips the all-warm stack (two minutes here) when only the per-language rows are wanted.
        IdleMemory? allWarm = null;
        if (Environment.GetEnvironmentVariable("NEURON_BENCH_ALL_WARM") != "0")
        {
            Bench.Progress($"idle memory with all {languages.Count} languages warm (one sandbox each)");
            await using var stack = await StartAsync("*");
            allWarm = await IdleMemoryAsync(stack, docker, "all warm");
        }

        Bench.Progress("idle memory with the shipped pools (popular languages warm, the rest on demand)");
        await using var shipped = await StartAsync(null);
        var idle = await IdleMemoryAsync(shipped, docker, "shipped");
        var key = await shipped.CreateKeyAsync("secret", [], "bench", permitsPerMinute: 1_000_000, dailyRunQuota: 100_000_000, maxInFlight: 10_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits);
        using var api = shipped.ApiClient(key);
        await using var probes = new DockerProbes(docker);
        var versions = await VersionsAsync(api);

        var rows = new List<LanguageRow>();
        var failed = new List<string>();
        foreach (var language in languages)
        {
            var id = language.GetProperty("id").GetString()!;
            var hello = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "tests", "Neuron.Runner.Tests", "Languages", "Cases", id + ".json")))
                .RootElement.GetProperty("hello").GetString()!;
            var warm = PoolIsWarm(await RunnerHealthAsync(shipped), id);
            try
            {
                // The first run: a warm language's sandbox is idle already; an on-demand one starts its sandbox now.
                var first = await TimeAsync(api, id, hello);
                var iterations = first > 3000 ? 2 : first > 800 ? 3 : 5;
                var api50 = new List<double>();
                for (var i = 0; i < iterations; i++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(300)); // a reader clicking Run: the sandbox's interpreter re-boots in between
                    api50.Add(await TimeAsync(api, id, hello));
                }
                var floor = await probes.FloorAsync(FloorProgram(language, hello), iterations, wipe: true);
                var row = new LanguageRow(id, language.GetProperty("name").GetString()!, versions.GetValueOrDefault(id, "unknown"),
                    [.. language.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)], warm, warm ? null : first, Stats.Of(api50), Stats.Of(floor));
                rows.Add(row);
                Bench.Progress(FormattableString.Invariant($"{id}: first {first:0} ms ({(warm ? "warm pool" : "cold start")}), p50 {row.Api.P50:0} ms, floor {row.Floor.P50:0} ms (x{iterations})"));
            }
            catch (InvalidOperationException e)
            {
                Bench.Progress($"{id}: FAILED {e.Message}");
                failed.Add(id);
            }
        }
        var report = new LanguagesReport(allWarm, idle, rows, failed, clock.Elapsed.TotalMinutes);
        Print(report);
        await Bench.WriteJsonAsync(outputPath, report);
        return failed.Count == 0 ? 0 : 1;
    }

    private static Task<LocalStack> StartAsync(string? warmLanguages)
    {
        var runner = new Dictionary<string, string> { ["Runner__PoolSize"] = "1", ["Runner__CompileCacheMb"] = "0", ["Runner__QueueTimeout"] = "00:01:00" };
        if (warmLanguages is not null)
            runner["Runner__WarmLanguages"] = warmLanguages;
        return LocalStack.StartAsync(runner, new Dictionary<string, string> { ["RateLimit__Enabled"] = "false" });
    }

    private static async Task<IdleMemory> IdleMemoryAsync(LocalStack stack, DockerClient docker, string pools)
    {
        using (var probe = new HttpClient { BaseAddress = stack.RunnerUrl })
            await RunnerPools.WaitUntilFullAsync(probe, TimeSpan.FromMinutes(10));
        await Task.Delay(TimeSpan.FromSeconds(5)); // let start-up garbage be collected and page caches settle
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"neuron.runner.instance={stack.RunnerInstanceId}"] = true } },
        });
        double bytes = 0;
        foreach (var container in containers)
        {
            var stats = new LastStats();
            await docker.Containers.GetContainerStatsAsync(container.ID, new ContainerStatsParameters { Stream = false }, stats);
            bytes += stats.Value?.MemoryStats?.Usage ?? 0;
        }
        var memory = new IdleMemory(pools, containers.Count, stack.Runner.MemoryMb(), bytes / (1 << 20));
        Bench.Progress($"{pools}: {memory.Containers} sandboxes, agent {memory.AgentMb:0} MiB, sandboxes {memory.ContainersMb:0} MiB");
        return memory;
    }

    private static async Task<JsonElement> RunnerHealthAsync(LocalStack stack)
    {
        using var probe = new HttpClient { BaseAddress = stack.RunnerUrl };
        return JsonDocument.Parse(await (await probe.GetAsync("/healthz")).Content.ReadAsStringAsync()).RootElement;
    }

    private static bool PoolIsWarm(JsonElement health, string id) =>
        !health.GetProperty("languages").GetProperty(id).GetProperty("onDemand").GetBoolean();

    private static async Task<Dictionary<string, string>> VersionsAsync(HttpClient api)
    {
        var list = JsonDocument.Parse(await api.GetStringAsync("/api/languages")).RootElement;
        var items = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("languages");
        return items.EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("version").GetString()!);
    }

    /// <summary>The language's own commands for its hello world (its entry point resolved as the runner resolves it).</summary>
    private static BenchProgram FloorProgram(JsonElement language, string hello)
    {
        var fileName = language.GetProperty("fileName").GetString()!;
        var target = Path.GetFileNameWithoutExtension(fileName);
        if (language.TryGetProperty("entryPoint", out var rule))
            (fileName, target) = rule.GetString() switch
            {
                "javaClass" => ("HelloWorld.java", "HelloWorld"),
                "kotlinMain" => (fileName, "MainKt"),
                "scalaObject" => (fileName, "HelloWorld"),
                "adaUnit" => ("hello.adb", "hello"),
                var other => throw new InvalidOperationException($"no floor for entry point rule {other}: extend the benchmark"),
            };
        string Shell(JsonElement argv) => string.Join(' ', argv.EnumerateArray().Select(a =>
            "'" + a.GetString()!.Replace("{file}", fileName).Replace("{target}", target).Replace("'", "'\\''") + "'"));
        return new BenchProgram(language.GetProperty("id").GetString()!, fileName, hello, language.GetProperty("image").GetString()!,
            language.TryGetProperty("compile", out var compile) ? Shell(compile) : null, Shell(language.GetProperty("run")), 0);
    }

    private static async Task<double> TimeAsync(HttpClient api, string language, string source)
    {
        var clock = Stopwatch.StartNew();
        // The most time the language allows: on a loaded machine a hello world must not end as time_limit.
        using var response = await api.PostAsJsonAsync("/api/runs?wait=30", new { language, source, limits = new { timeMs = 15_000 } });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{language}: {(int)response.StatusCode} {body}");
        var run = JsonDocument.Parse(body).RootElement;
        // Not final within the longest wait (a JVM compiler on a loaded machine): long-poll until it is.
        if (run.GetProperty("status").GetString() is "queued" or "running")
            run = await PublicApi.WaitFinalAsync(api, run.GetProperty("id").GetString()!) ?? throw new InvalidOperationException($"{language}: never final");
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (run.GetProperty("status").GetString() != "completed" || run.GetProperty("verdict").GetString() != "ok")
            throw new InvalidOperationException($"{language}: {run}");
        return elapsed;
    }

    private static void Print(LanguagesReport r)
    {
        Console.WriteLine();
        Console.WriteLine("| language | version | aliases | hello world p50 | floor p50 | p50 − floor | first run, no idle sandbox |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Name} (`{row.Language}`) | {row.Version} | {string.Join(", ", row.Aliases.Select(a => $"`{a}`"))} | {row.Api.P50:0} ms | {row.Floor.P50:0} ms | {row.Api.P50 - row.Floor.P50:+0;-0} ms | {(row.ColdMs is { } cold ? $"{cold:0} ms" : "warm pool")} |"));
        foreach (var m in new[] { r.AllWarm, r.Shipped }.OfType<IdleMemory>())
            Console.WriteLine(FormattableString.Invariant($"idle, {m.Pools}: {m.Containers} sandboxes, agent RSS {m.AgentMb:0} MiB, sandboxes {m.ContainersMb:0} MiB"));
        Console.WriteLine(FormattableString.Invariant($"taken: {r.MinutesTaken:0.0} min; failed: {(r.Failed.Count == 0 ? "none" : string.Join(", ", r.Failed))}"));
    }

    /// <summary>Keeps the report as it arrives (<see cref="Progress{T}"/> would post it to the thread pool, after the call returned).</summary>
    private sealed class LastStats : IProgress<ContainerStatsResponse>
    {
        public ContainerStatsResponse? Value { get; private set; }

        public void Report(ContainerStatsResponse value) => Value = value;
    }
}
