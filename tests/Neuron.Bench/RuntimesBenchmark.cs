using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 18's figures, both runtimes in one run: a runner agent under runc, then one under runsc (gVisor), each with
/// the same pools; per language the warm POST /v1/execute p50 of a hello world (compiled languages miss the compile
/// cache); a Python burst at concurrency 4; and the host memory of an idle sandbox (its cgroup's usage).
/// </summary>
public static class RuntimesBenchmark
{
    private static readonly string[] Runtimes = ["runc", "runsc"];
    private static readonly string[] Languages = ["python", "javascript", "c", "java"];
    private const int WarmUp = 10;
    private const int Iterations = 15;
    private const int BurstRuns = 200;
    private const int Concurrency = 4;

    public static async Task<int> RunAsync(string outputPath)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        var rows = new List<RuntimeRow>();
        foreach (var runtime in Runtimes)
        {
            var instance = "bench" + Guid.NewGuid().ToString("N")[..6];
            Bench.Progress($"{runtime}: starting a runner agent (python 4, javascript, c, java 1 each)");
            var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            await using var runner = await SignedRunner.StartAsync(url, secret, new Dictionary<string, string>
            {
                ["Runner__InstanceId"] = instance,
                ["Runner__Runtime"] = runtime,
                ["Runner__PoolSize"] = "0",
                ["Runner__Pools__python"] = Concurrency.ToString(CultureInfo.InvariantCulture),
                ["Runner__Pools__javascript"] = "1",
                ["Runner__Pools__c"] = "1",
                ["Runner__Pools__java"] = "1",
                ["Runner__MaxConcurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
                ["Runner__QueueTimeout"] = "00:01:00",
            });
            using var client = SignedClient.Create(url, secret);
            await Task.Delay(3000);
            var idleMb = await IdleSandboxMemoryMbAsync(docker, instance);
            Bench.Progress(FormattableString.Invariant($"{runtime}: idle sandbox {idleMb:0.0} MiB"));

            var latency = new Dictionary<string, Stats>();
            foreach (var program in BenchProgram.All.Where(p => Languages.Contains(p.Language)))
            {
                Bench.Progress($"{runtime}: {program.Language} x{Iterations}");
                for (var i = 0; i < WarmUp; i++)
                    await RunnerBenchmark.ExecuteAsync(client, program, program.Source);
                var samples = new List<double>();
                for (var i = 0; i < Iterations; i++)
                    samples.Add(await RunnerBenchmark.TimeAsync(client, program, program.Unique(i)));
                latency[program.Language] = Stats.Of(samples);
            }

            var python = BenchProgram.All.Single(p => p.Language == "python");
            Bench.Progress($"{runtime}: python burst, {BurstRuns} runs, {Concurrency} at once");
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, BurstRuns), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (_, _) => await RunnerBenchmark.ExecuteAsync(client, python, python.Source));
            rows.Add(new RuntimeRow(runtime, latency, BurstRuns / clock.Elapsed.TotalSeconds, idleMb));
        }
        Print(rows);
        await Bench.WriteJsonAsync(outputPath, rows);
        return 0;
    }

    /// <summary>The median host memory (cgroup usage: gVisor's Sentry and Gofer included) of the agent's idle python sandboxes.</summary>
    private static async Task<double> IdleSandboxMemoryMbAsync(DockerClient docker, string instance)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"neuron.runner.instance={instance}"] = true, ["neuron.language=python"] = true },
            },
        });
        var usage = containers
            .Select(c => File.ReadAllText($"/sys/fs/cgroup/memory/docker/{c.ID}/memory.usage_in_bytes").Trim())
            .Select(bytes => long.Parse(bytes, CultureInfo.InvariantCulture) / (1024.0 * 1024))
            .ToList();
        return Stats.Of(usage).P50;
    }

    private static void Print(List<RuntimeRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| runtime | " + string.Join(" | ", Languages.Select(l => $"{l} p50")) + " | python burst | idle sandbox |");
        Console.WriteLine("|---|" + string.Concat(Languages.Select(_ => "---:|")) + "---:|---:|");
        foreach (var row in rows)
            Console.WriteLine(FormattableString.Invariant(
                $"| {row.Runtime} | {string.Join(" | ", Languages.Select(l => $"{row.Latency[l].P50:0} ms"))} | {row.BurstRunsPerSecond:0.0} runs/s | {row.IdleSandboxMb:0.0} MiB |"));
    }
}
