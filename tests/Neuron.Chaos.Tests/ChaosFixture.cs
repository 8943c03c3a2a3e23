using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Neuron.Testing;

namespace Neuron.Chaos.Tests;

/// <summary>
/// One local stack for the whole suite (Azurite, the runner on the real Docker engine, the Functions app), with a
/// <see cref="FaultProxy"/> between the app and the runner, a key, and the evidence: every execution the runner
/// reports (its <c>Run {RunId} executed</c> log line), counted per run id. Writes the suite's table to
/// artifacts/chaos/chaos.md, which infra/test prints.
/// </summary>
public sealed partial class ChaosFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _executions = new();
    private readonly List<ChaosRow> _rows = [];
    private readonly List<string> _notes = [];
    /// <summary>The services' logs, kept beside the table as the evidence.</summary>
    private readonly Dictionary<string, StreamWriter> _logs = [];

    public LocalStack Stack { get; private set; } = null!;
    public FaultProxy Proxy { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public string TablePath { get; } = Path.Combine(RepoRoot.Path, "artifacts", "chaos", "chaos.md");

    [GeneratedRegex("Run ([A-Za-z0-9_-]+) executed:")]
    private static partial Regex Executed();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TablePath)!);
        foreach (var service in new[] { "runner", "functions" })
            _logs[service] = new StreamWriter(Path.Combine(Path.GetDirectoryName(TablePath)!, service + ".log")) { AutoFlush = true };
        FaultProxy? proxy = null;
        Stack = await LocalStack.StartAsync(
            new Dictionary<string, string>
            {
                // Only Python, four sandboxes: 24 one-second runs drain in about 6 s.
                ["Runner__PoolSize"] = "0",
                ["Runner__Pools__python"] = "4",
                ["Runner__MaxConcurrency"] = "4",
                ["Runner__QueueTimeout"] = "00:00:05",
                ["Logging__LogLevel__Neuron.Runner.Execution.RunDeduplicator"] = "Information",
            },
            new Dictionary<string, string>
            {
                // Shorter than production so that a run whose dispatcher died is recovered within the suite's bound:
                // the lease (150 s) and the sweeper's period (10 s) decide how soon, not whether.
                ["Runner__ExecuteTimeoutSeconds"] = "10",
                ["Dispatch__LeaseSeconds"] = "15",
                ["Timers__SweepRuns"] = "*/2 * * * * *",
                ["Queues__ProcessingVisibility"] = "00:00:20",
            },
            routeToRunner: runner => (proxy = FaultProxy.Start(runner)).Url,
            onLog: (service, line) =>
            {
                if (service == "runner" && Executed().Match(line) is { Success: true } match)
                    _executions.AddOrUpdate(match.Groups[1].Value, 1, (_, n) => n + 1);
                lock (_logs)
                    _logs.GetValueOrDefault(service)?.WriteLine(line);
            });
        Proxy = proxy!;
        Api = Stack.ApiClient(await Stack.CreateKeyAsync("secret", [], "chaos", permitsPerMinute: 100_000, dailyRunQuota: 1_000_000, maxInFlight: 1_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits));
        await File.WriteAllTextAsync(TablePath, ChaosRow.Header);
    }

    /// <summary>How many times the runner executed run <paramref name="runId"/> to a result.</summary>
    public int Executions(string runId) => _executions.GetValueOrDefault(runId);

    /// <summary>What a fault's restore did worth telling (e.g. the stale pid file it cleared); listed under the table.</summary>
    public ConcurrentQueue<string> Notes { get; } = new();

    public async Task AddRowAsync(ChaosRow row, IEnumerable<string> notes)
    {
        lock (_rows)
        {
            _rows.Add(row);
            _notes.AddRange(notes.Select(n => $"- {row.Fault}: {n}"));
        }
        await File.AppendAllTextAsync(TablePath, row.Markdown + "\n");
    }

    /// <summary>Every part of the stack up and the runner's pool full: each fault starts from here.</summary>
    public async Task WaitHealthyAsync()
    {
        Proxy.Mode = ProxyMode.Pass;
        await Stack.WaitRunnerHealthyAsync();
        await Stack.WaitFunctionsHealthyAsync();
        using var runner = new HttpClient { BaseAddress = Stack.RunnerUrl };
        await RunnerPools.WaitUntilFullAsync(runner, TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Stack.DisposeAsync();
        await Proxy.DisposeAsync();
        lock (_logs)
            foreach (var log in _logs.Values)
                log.Dispose();
        // The table in the order the suite lists the faults, whatever order they ran in.
        var names = Faults.All.Select(f => f.Name).ToList();
        await File.WriteAllTextAsync(TablePath, ChaosRow.Header + string.Concat(_rows.OrderBy(r => names.IndexOf(r.Fault)).Select(r => r.Markdown + "\n"))
            + (_notes.Count == 0 ? "" : "\n" + string.Join("\n", _notes) + "\n"));
    }
}

[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ChaosFixture>
{
    public const string Name = "chaos";
}
