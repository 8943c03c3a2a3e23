using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Keys;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Quotas;

/// <summary>
/// Each key's runs in flight (accepted, not yet final), bounded by <see cref="ApiKey.MaxInFlight"/>, in table
/// <c>quotas</c> beside the daily counters (PartitionKey = key id): a counter row <c>inflight</c> and one marker row
/// <c>inflight-{run id}</c> per run. Taking and releasing a run are each ONE entity-group transaction over its marker
/// and the counter under its ETag, so instances together never exceed the limit, and a release repeated by a retried
/// dispatch finds no marker and changes nothing. A marker carries a deadline: a release lost for good (a process that
/// died after a run's final write, with nothing left to retry it) frees its run's place when the deadline passes,
/// checked only when a key is at its limit. As the daily quota does, an instance remembers the counter it wrote last,
/// so a take is one round trip while no other instance touched it (a stale ETag fails the transaction: read again),
/// and only storage may refuse.
/// </summary>
public sealed class InFlightRuns(StorageClients clients, StorageInitializer initializer, TimeProvider time, ILogger<InFlightRuns> logger)
{
    public const string CounterRow = "inflight";
    public const string MarkerPrefix = "inflight-";
    private const int MaxAttempts = 20;
    private const int MaxKnown = 10_000;

    /// <summary>
    /// Past this, a run's place is presumed leaked: longer than any run can stay non-final (the sweeper fails a run
    /// after its requeues, 3 × the 15-minute queued timeout at most).
    /// </summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromHours(1);

    private readonly CounterGates _gates = new();
    private readonly ConcurrentDictionary<string, Counter> _known = new();

    /// <summary>Takes a place for <paramref name="runId"/>; false when the key already has its limit of runs in flight.</summary>
    public async Task<InFlightDecision> TakeAsync(ApiKey key, string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        return await _gates.RunAsync(key.Id, () => TakeUnderGateAsync(key, runId, cancellationToken), cancellationToken);
    }

    private async Task<InFlightDecision> TakeUnderGateAsync(ApiKey key, string runId, CancellationToken cancellationToken)
    {
        var table = clients.QuotasTable;
        var healed = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (!_known.TryGetValue(key.Id, out var counter) || counter.Count >= key.MaxInFlight)
                counter = await ReadCounterAsync(key.Id, cancellationToken);
            var count = counter?.Count ?? 0;
            if (count >= key.MaxInFlight)
            {
                if (!healed && await ExpireLeakedAsync(key.Id, cancellationToken))
                {
                    healed = true;
                    continue;
                }
                return new InFlightDecision(false, key.MaxInFlight);
            }
            var marker = new TableEntity(key.Id, MarkerPrefix + runId) { ["Until"] = time.GetUtcNow() + MarkerLifetime };
            var next = new TableEntity(key.Id, CounterRow) { ["Count"] = count + 1 };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, marker),
                counter is null ? new(TableTransactionActionType.Add, next) : new(TableTransactionActionType.UpdateReplace, next, counter.ETag),
            ];
            try
            {
                var written = await table.SubmitTransactionAsync(actions, cancellationToken);
                Remember(key.Id, count + 1, written.Value[1]);
                return new InFlightDecision(true, key.MaxInFlight);
            }
            catch (TableTransactionFailedException)
            {
                _known.TryRemove(key.Id, out _);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        logger.LogWarning("In-flight counter of key {KeyId} too contended; refusing", key.Id);
        return new InFlightDecision(false, key.MaxInFlight, Contended: true);
    }

    /// <summary>Gives back the place of <paramref name="runId"/>; a second release of the same run changes nothing.</summary>
    public async Task ReleaseAsync(string keyId, string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var counter = await ReadCounterAsync(keyId, cancellationToken);
            if (counter is null)
                return;
            var count = Math.Max(0, counter.Count - 1);
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Delete, new TableEntity(keyId, MarkerPrefix + runId), ETag.All),
                new(TableTransactionActionType.UpdateReplace, new TableEntity(keyId, CounterRow) { ["Count"] = count }, counter.ETag),
            ];
            try
            {
                var written = await clients.QuotasTable.SubmitTransactionAsync(actions, cancellationToken);
                Remember(keyId, count, written.Value[1]);
                return;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex == 0)
            {
                return; // released already, or never taken
            }
            catch (TableTransactionFailedException)
            {
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        throw new RequestFailedException(503, $"The in-flight place of run {runId} could not be released: its key's counter kept changing.");
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
            await ReleaseAsync(keyId, runId, cancellationToken);
            any = true;
        }
        return any;
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

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        attempt == 0 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
}
