using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Observability;

namespace Neuron.Runner.Execution;

/// <summary>
/// Executes each run id at most once while its result is remembered. The dispatcher retries a run whose answer it
/// never got (timeout, a 500, its own crash); the retry must not execute the program again. A request for a run id
/// that is executing attaches to that execution; one that finished within <see cref="RunnerOptions.RecentRunsWindow"/>
/// gets the stored result. The execution is detached from the caller: a caller that gives up leaves it running, so
/// that its retry finds the result. Results take at most <see cref="RunnerOptions.RecentRunsMb"/> (oldest go first);
/// a run that ended without a result (busy, disabled, a crash) is forgotten, so that its retry executes it.
/// </summary>
public sealed class RunDeduplicator(
    IOptions<RunnerOptions> options,
    IHostApplicationLifetime lifetime,
    RunnerMetrics metrics,
    TimeProvider time,
    ILogger<RunDeduplicator> logger)
{
    /// <summary>Bookkeeping per stored result beyond its text (the entry, the key, the result record).</summary>
    private const long EntryOverheadBytes = 512;

    private readonly RunnerOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _runs = new(StringComparer.Ordinal);
    /// <summary>Finished entries in the order they finished: the eviction order.</summary>
    private readonly Queue<Entry> _finished = new();
    private long _storedBytes;

    /// <summary>Runs remembered (executing or finished), for tests and diagnostics.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _runs.Count;
        }
    }

    /// <summary>
    /// The outcome of run <paramref name="runId"/>: executed by <paramref name="execute"/> only when no execution of it
    /// is running or remembered. A run id reused for a different submission (<paramref name="fingerprint"/>) is a conflict.
    /// </summary>
    public async Task<ExecuteOutcome> ExecuteAsync(string runId, string fingerprint, Func<CancellationToken, Task<ExecuteOutcome>> execute,
        CancellationToken cancellationToken)
    {
        Entry entry;
        bool owner;
        lock (_gate)
        {
            EvictExpired();
            owner = !_runs.TryGetValue(runId, out entry!);
            if (owner)
            {
                entry = new Entry(runId, fingerprint);
                _runs[runId] = entry;
            }
        }
        if (entry.Fingerprint != fingerprint)
            return new ExecuteOutcome(null, Conflict: $"run id {runId} was already used for a different submission");
        if (owner)
            _ = RunAsync(entry, execute);
        else if (entry.Outcome.Task.IsCompleted)
        {
            metrics.DuplicateRequest("replayed");
            logger.LogInformation("Run {RunId} executed already: its result is replayed", runId);
        }
        else
        {
            metrics.DuplicateRequest("attached");
            logger.LogInformation("Run {RunId} is executing: the request waits for that execution", runId);
        }
        return await entry.Outcome.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A digest of what a run executes, so that a reused run id cannot be served another submission's result.</summary>
    public static string Fingerprint(ValidatedRun run)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        Add(Encoding.UTF8.GetBytes(run.Language.Id));
        foreach (var (name, content) in run.Files)
        {
            Add(Encoding.UTF8.GetBytes(name));
            Add(content);
        }
        Add(run.Stdin);
        foreach (var arg in run.Args)
            Add(Encoding.UTF8.GetBytes(arg));
        Add(Encoding.UTF8.GetBytes($"{run.Limits.TimeMs}/{run.Limits.MemoryMb}/{run.Limits.OutputKb}"));
        foreach (var test in run.Tests ?? [])
        {
            Add(Encoding.UTF8.GetBytes(test.Name ?? "\0"));
            Add(test.Stdin);
            Add(Encoding.UTF8.GetBytes(test.ExpectedOutput ?? "\0"));
        }
        Add(Encoding.UTF8.GetBytes(run.Tests is null ? "no tests" : run.StopOnFirstFailure ? "stop" : "all"));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private async Task RunAsync(Entry entry, Func<CancellationToken, Task<ExecuteOutcome>> execute)
    {
        ExecuteOutcome outcome;
        try
        {
            // Yield first: the owner's request then waits on the entry like any other. Not cancelled when the agent
            // starts stopping: the server drains requests in flight first (every step of a run is bounded anyway).
            await Task.Yield();
            outcome = await execute(lifetime.ApplicationStopped);
        }
        catch (Exception e)
        {
            Forget(entry);
            entry.Outcome.SetException(e);
            return;
        }
        if (outcome.Result is { } result)
        {
            logger.LogInformation("Run {RunId} executed: {Verdict}", entry.RunId, result.Verdict);
            Remember(entry, result);
        }
        else
        {
            Forget(entry);
        }
        entry.Outcome.SetResult(outcome);
    }

    private void Remember(Entry entry, ExecuteResult result)
    {
        lock (_gate)
        {
            entry.FinishedAt = time.GetUtcNow();
            entry.Bytes = EntryOverheadBytes + sizeof(char) * ((long)result.Stdout.Length + result.Stderr.Length + result.CompileOutput.Length
                + (result.Tests?.Sum(t => EntryOverheadBytes / sizeof(char) + (long)t.Stdout.Length + t.Stderr.Length) ?? 0))
                + result.OutputFiles.Sum(f => (long)f.Content.Length);
            _finished.Enqueue(entry);
            _storedBytes += entry.Bytes;
            var budget = _options.RecentRunsMb * 1024L * 1024;
            while (_storedBytes > budget && _finished.Count > 0)
                Evict(_finished.Dequeue());
            EvictExpired();
        }
    }

    private void Forget(Entry entry)
    {
        lock (_gate)
            if (_runs.TryGetValue(entry.RunId, out var current) && current == entry)
                _runs.Remove(entry.RunId);
    }

    private void EvictExpired()
    {
        var horizon = time.GetUtcNow() - _options.RecentRunsWindow;
        while (_finished.TryPeek(out var oldest) && oldest.FinishedAt <= horizon)
            Evict(_finished.Dequeue());
    }

    private void Evict(Entry entry)
    {
        _storedBytes -= entry.Bytes;
        _runs.Remove(entry.RunId);
    }

    private sealed class Entry(string runId, string fingerprint)
    {
        public string RunId { get; } = runId;
        public string Fingerprint { get; } = fingerprint;
        public TaskCompletionSource<ExecuteOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public DateTimeOffset FinishedAt { get; set; }
        public long Bytes { get; set; }
    }
}
