using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Keys;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Quotas;

/// <summary>
/// Each key's runs in flight (accepted, not yet final), bounded by <see cref="ApiKey.MaxInFlight"/>, in table
/// <c>quotas</c> beside the daily counters (PartitionKey = key id): a counter row <c>inflight</c> and one marker row
/// <c>inflight-{run id}</c> per run. Takes and releases of one key that arrive together are written as ONE
/// entity-group transaction (<see cref="CombiningGate{TRequest,TResult}"/>): each run's marker added or deleted, and
/// the counter moved by their sum under its ETag, so instances together never exceed the limit; a burst of one key
/// costs a transaction per group, not per run. A release repeated by a retried dispatch finds no marker and changes
/// nothing (its delete is dropped from the transaction); a take whose marker exists already holds its place. A marker
/// carries a deadline: a release lost for good (a process that died after a run's final write, with nothing left to
/// retry it) frees its run's place when the deadline passes, checked only when a key is at its limit. An instance
/// remembers the counter it wrote last, so a group is one round trip while no other instance touched it (a stale ETag
/// fails the transaction: read again), and only storage may refuse.
/// </summary>
public sealed class InFlightRuns(StorageClients clients, StorageInitializer initializer, TimeProvider time, ILogger<InFlightRuns> logger)
{
    public const string CounterRow = "inflight";
    public const string MarkerPrefix = "inflight-";
    private const int MaxAttempts = 20;
    private const int MaxKnown = 10_000;

    /// <summary>An entity-group transaction holds at most 100 operations: the counter and 99 markers.</summary>
    private const int MaxGroup = 99;

    /// <summary>
    /// Past this, a run's place is presumed leaked: longer than any run can stay non-final (the sweeper fails a run
    /// after its requeues, 3 × the 15-minute queued timeout at most).
    /// </summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Counter> _known = new();
    private CombiningGate<Change, bool>? _gate;

    /// <summary>One gate per instance, made on first use (its write is an instance method); racing first callers get the same one.</summary>
    private CombiningGate<Change, bool> Gate => LazyInitializer.EnsureInitialized(ref _gate, () => new CombiningGate<Change, bool>(WriteGroupAsync, MaxGroup));

    /// <summary>Takes a place for <paramref name="runId"/>; false when the key already has its limit of runs in flight.</summary>
    public async Task<InFlightDecision> TakeAsync(ApiKey key, string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var change = new Change(runId, Take: true, key.MaxInFlight);
        try
        {
            return new InFlightDecision(await Gate.RunAsync(key.Id, change, cancellationToken), key.MaxInFlight);
        }
        catch (ContendedException)
        {
            logger.LogWarning("In-flight counter of key {KeyId} too contended; refusing", key.Id);
            return new InFlightDecision(false, key.MaxInFlight, Contended: true);
        }
    }

    /// <summary>Gives back the place of <paramref name="runId"/>; a second release of the same run changes nothing.</summary>
    public async Task ReleaseAsync(string keyId, string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        try
        {
            await Gate.RunAsync(keyId, new Change(runId, Take: false, Limit: 0), cancellationToken);
        }
        catch (ContendedException)
        {
            throw new RequestFailedException(503, $"The in-flight place of run {runId} could not be released: its key's counter kept changing.");
        }
    }

    /// <summary>
    /// One group of a key's changes. An entity appears at most once in a transaction, so a run's later change of the
    /// same kind (a repeated release or take) gets its first one's answer, and one of the other kind waits for a round
    /// of its own after it.
    /// </summary>
    private async Task<IReadOnlyList<bool>> WriteGroupAsync(string keyId, IReadOnlyList<Change> changes, CancellationToken cancellationToken)
    {
        var results = new bool[changes.Count];
        var pending = Enumerable.Range(0, changes.Count).ToList();
        while (pending.Count > 0)
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            var round = new List<int>();
            var repeats = new List<(int Index, int First)>();
            var later = new List<int>();
            foreach (var i in pending)
            {
                if (!first.TryGetValue(changes[i].RunId, out var f))
                {
                    first[changes[i].RunId] = i;
                    round.Add(i);
                }
                else if (changes[f].Take == changes[i].Take)
                    repeats.Add((i, f));
                else
                    later.Add(i);
            }
            var written = await WriteRoundAsync(keyId, round.ConvertAll(i => changes[i]), cancellationToken);
            for (var k = 0; k < round.Count; k++)
                results[round[k]] = written[k];
            foreach (var (index, f) in repeats)
                results[index] = results[f];
            pending = later;
        }
        return results;
    }

    /// <summary>
    /// Changes of distinct runs in one transaction: the takes that fit under the limit (in arrival order) add their
    /// markers, the releases delete theirs, the counter moves by the difference. Returns, per change, whether a take
    /// got its place (a release always answers true).
    /// </summary>
    private async Task<bool[]> WriteRoundAsync(string keyId, IReadOnlyList<Change> changes, CancellationToken cancellationToken)
    {
        var results = new bool[changes.Count];
        Array.Fill(results, true);
        // Changes still to write: a release found done already, or a take found held already, leaves the set.
        var open = Enumerable.Range(0, changes.Count).ToList();
        var healed = false;
        for (var attempt = 0; attempt < MaxAttempts && open.Count > 0; attempt++)
        {
            // The remembered counter can only be stale upwards (another instance gave places back): it may let a
            // take through (the ETag then decides), never refuse one, so a refusal is decided on a fresh read.
            var fresh = !_known.TryGetValue(keyId, out var counter);
            if (fresh)
                counter = await ReadCounterAsync(keyId, cancellationToken);
            int placed, refused;
            while (true)
            {
                if (counter is null)
                    open.RemoveAll(i => !changes[i].Take); // no counter: nothing was ever taken, no release has anything to give back
                // Places are given back first, then taken in arrival order while the key is under each take's limit.
                placed = Math.Max(0, (counter?.Count ?? 0) - open.Count(i => !changes[i].Take));
                refused = 0;
                foreach (var i in open.Where(i => changes[i].Take))
                {
                    results[i] = placed < changes[i].Limit;
                    if (results[i])
                        placed++;
                    else
                        refused++;
                }
                if (refused == 0 || fresh)
                    break;
                counter = await ReadCounterAsync(keyId, cancellationToken);
                fresh = true;
            }
            if (refused > 0 && !healed && await ExpireLeakedAsync(keyId, cancellationToken))
            {
                healed = true;
                _known.TryRemove(keyId, out _);
                continue;
            }
            open.RemoveAll(i => changes[i].Take && !results[i]);
            if (open.Count == 0)
                break;

            var written = open.Select(i => changes[i].Take
                ? new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(keyId, MarkerPrefix + changes[i].RunId) { ["Until"] = time.GetUtcNow() + MarkerLifetime })
                : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(keyId, MarkerPrefix + changes[i].RunId), ETag.All)).ToList();
            var next = new TableEntity(keyId, CounterRow) { ["Count"] = placed };
            written.Add(counter is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, counter.ETag));
            try
            {
                var response = await clients.QuotasTable.SubmitTransactionAsync(written, cancellationToken);
                Remember(keyId, placed, response.Value[^1]);
                return results;
            }
            catch (TableTransactionFailedException e)
            {
                // A marker was added (a take already holding its place) or deleted (a release done already) before: it
                // is settled, and the rest is written again without it (not an attempt: each such failure shrinks the group).
                if (e.Status is 404 or 409 && await SettledAsync(keyId, changes, open, e, cancellationToken))
                {
                    attempt--;
                    continue;
                }
                _known.TryRemove(keyId, out _);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        if (open.Count > 0)
            throw new ContendedException();
        return results;
    }

    /// <summary>
    /// After a group's transaction failed on a marker: removes from <paramref name="open"/> the changes already settled
    /// (a take whose marker exists, a release whose marker is gone); true when there was any. The failed operation's
    /// index, when storage names one that fits, settles it at once; otherwise (Azurite does not always name the right
    /// one) each marker is read.
    /// </summary>
    private async Task<bool> SettledAsync(string keyId, IReadOnlyList<Change> changes, List<int> open, TableTransactionFailedException e, CancellationToken cancellationToken)
    {
        if (e.FailedTransactionActionIndex is { } failed && failed < open.Count && (changes[open[failed]].Take ? e.Status == 409 : e.Status == 404))
        {
            open.RemoveAt(failed);
            return true;
        }
        var exists = await Task.WhenAll(open.Select(async i =>
            (await clients.QuotasTable.GetEntityIfExistsAsync<TableEntity>(keyId, MarkerPrefix + changes[i].RunId, ["RowKey"], cancellationToken)).HasValue));
        var settled = open.Where((i, n) => exists[n] == changes[i].Take).ToHashSet();
        open.RemoveAll(settled.Contains);
        return settled.Count > 0;
    }

    /// <summary>Releases the places whose deadline passed; true when there was any.</summary>
    private async Task<bool> ExpireLeakedAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {keyId} and RowKey gt {MarkerPrefix} and RowKey lt {MarkerPrefix + "~"} and Until lt {now}");
        var any = false;
        await foreach (var marker in clients.QuotasTable.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var runId = marker.RowKey[MarkerPrefix.Length..];
            logger.LogWarning("Run {RunId} of key {KeyId} held its in-flight place past its deadline; releasing it", runId, keyId);
            // Not through the gate (this runs inside a group's write): a release of its own, under the counter's ETag.
            await ReleaseLeakedAsync(keyId, runId, cancellationToken);
            any = true;
        }
        return any;
    }

    private async Task ReleaseLeakedAsync(string keyId, string runId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var counter = await ReadCounterAsync(keyId, cancellationToken);
            if (counter is null)
                return;
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Delete, new TableEntity(keyId, MarkerPrefix + runId), ETag.All),
                new(TableTransactionActionType.UpdateReplace, new TableEntity(keyId, CounterRow) { ["Count"] = Math.Max(0, counter.Count - 1) }, counter.ETag),
            ];
            try
            {
                await clients.QuotasTable.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex == 0)
            {
                return;
            }
            catch (TableTransactionFailedException)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        throw new ContendedException();
    }

    private async Task<Counter?> ReadCounterAsync(string keyId, CancellationToken cancellationToken)
    {
        var read = await clients.QuotasTable.GetEntityIfExistsAsync<TableEntity>(keyId, CounterRow, cancellationToken: cancellationToken);
        return read.HasValue ? new Counter(read.Value!.GetInt32("Count") ?? 0, read.Value.ETag) : null;
    }

    /// <summary>The counter as this instance just wrote it, when storage said which ETag it now has.</summary>
    private void Remember(string keyId, int count, Response written)
    {
        if (_known.Count >= MaxKnown)
            _known.Clear();
        if (written.Headers.ETag is { } etag)
            _known[keyId] = new Counter(count, etag);
        else
            _known.TryRemove(keyId, out _);
    }

    private sealed record Counter(int Count, ETag ETag);

    /// <summary>A take (with its key's limit) or a release of one run's place.</summary>
    private sealed record Change(string RunId, bool Take, int Limit);

    private sealed class ContendedException() : Exception("The in-flight counter kept changing.");

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        attempt == 0 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
}
