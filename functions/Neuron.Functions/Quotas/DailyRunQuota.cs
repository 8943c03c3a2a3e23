using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Keys;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Quotas;

/// <summary>
/// Each key's runs per UTC day, counted in table <c>quotas</c> (PartitionKey = key id, RowKey = the day), one entity
/// per key and day updated only under its ETag: of two instances taking the last run concurrently, one loses the
/// write, re-reads and refuses, so instances together never exceed the quota. As in the rate limiter, an instance
/// remembers the counter it wrote last (other instances only add to it, so a stale copy under-counts and its ETag
/// makes the write fail). The requests of one key that arrive together are written as one update
/// (<see cref="CombiningGate{TRequest,TResult}"/>), each taken in arrival order while the quota has room: a burst of
/// one key costs a write per group, not per run. A submission that is not accepted after all gives its run back
/// (<see cref="ReturnAsync"/>).
/// </summary>
public sealed class DailyRunQuota(StorageClients clients, StorageInitializer initializer, TimeProvider time, ILogger<DailyRunQuota> logger)
{
    private const int MaxAttempts = 20;
    private const int MaxKnown = 10_000;

    /// <summary>Requests of one key written together at most.</summary>
    private const int MaxGroup = 256;

    private readonly ConcurrentDictionary<string, Counter> _known = new();
    private CombiningGate<Change, QuotaDecision>? _gate;

    /// <summary>One gate per instance, made on first use (its write is an instance method); racing first callers get the same one.</summary>
    private CombiningGate<Change, QuotaDecision> Gate => LazyInitializer.EnsureInitialized(ref _gate, () => new CombiningGate<Change, QuotaDecision>(WriteGroupAsync, MaxGroup));

    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset NextMidnight(DateTimeOffset instant) => new DateTimeOffset(instant.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);

    /// <summary>Takes <paramref name="runs"/> runs (a batch's), all or none.</summary>
    public Task<QuotaDecision> TakeAsync(ApiKey key, CancellationToken cancellationToken, int runs = 1) => UnderGateAsync(key, +runs, cancellationToken);

    /// <summary>Gives back the <paramref name="runs"/> runs taken by <see cref="TakeAsync"/> for a submission that was not accepted (best effort).</summary>
    public async Task ReturnAsync(ApiKey key, QuotaDecision taken, CancellationToken cancellationToken, int runs = 1)
    {
        if (time.GetUtcNow() >= taken.ResetsAt)
            return; // taken from a day that is over
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await UnderGateAsync(key, -runs, bounded.Token);
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is OperationCanceledException)
        {
            logger.LogWarning("Could not return a run to the quota of key {KeyId}: {Error}", key.Id, e.Message);
        }
    }

    private async Task<QuotaDecision> UnderGateAsync(ApiKey key, int delta, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        return await Gate.RunAsync(key.Id, new Change(delta, key.DailyRunQuota), cancellationToken);
    }

    /// <summary>One group of a key's takes and returns in one write; a decision per change, in arrival order.</summary>
    private async Task<IReadOnlyList<QuotaDecision>> WriteGroupAsync(string keyId, IReadOnlyList<Change> changes, CancellationToken cancellationToken)
    {
        var table = clients.QuotasTable;
        var decisions = new QuotaDecision[changes.Count];
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var day = Day(now);
            var resetsAt = NextMidnight(now);
            var cacheKey = keyId + "/" + day;
            // A remembered count is stale only downwards (other instances add to it): it may let a take through (the
            // ETag then decides), so a refusal is decided on a fresh read.
            var fresh = !_known.TryGetValue(cacheKey, out var counter);
            if (fresh)
                counter = await ReadAsync(keyId, day, cancellationToken);
            int used;
            while (true)
            {
                used = counter?.Count ?? 0;
                var refused = false;
                for (var i = 0; i < changes.Count; i++)
                {
                    var (delta, quota) = changes[i];
                    var allowed = delta < 0 || used + delta <= quota;
                    refused |= !allowed;
                    if (allowed)
                        used = Math.Max(0, used + delta);
                    decisions[i] = new QuotaDecision(allowed, quota, used, resetsAt);
                }
                if (!refused || fresh)
                    break;
                counter = await ReadAsync(keyId, day, cancellationToken);
                fresh = true;
            }
            if (used == (counter?.Count ?? 0))
                return decisions; // nothing to write: every take refused, or returns to a day at zero

            var entity = new TableEntity(keyId, day) { ["Count"] = used };
            try
            {
                var response = counter is null
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, counter.ETag, TableUpdateMode.Replace, cancellationToken);
                if (_known.Count >= MaxKnown)
                    _known.Clear();
                _known[cacheKey] = new Counter(used, response.Headers.ETag ?? default);
                return decisions;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                _known.TryRemove(cacheKey, out _);
                if (attempt > 0)
                    await Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
            }
        }
        logger.LogWarning("Quota counter of key {KeyId} too contended; refusing", keyId);
        return changes.Select(c => new QuotaDecision(c.Delta < 0, c.Quota, c.Quota, NextMidnight(time.GetUtcNow()), Contended: c.Delta > 0)).ToList();
    }

    private async Task<Counter?> ReadAsync(string keyId, string day, CancellationToken cancellationToken)
    {
        var read = await clients.QuotasTable.GetEntityIfExistsAsync<TableEntity>(keyId, day, cancellationToken: cancellationToken);
        return read.HasValue ? new Counter(read.Value!.GetInt32("Count") ?? 0, read.Value.ETag) : null;
    }

    private sealed record Counter(int Count, ETag ETag);

    /// <summary>Runs taken (positive) or given back (negative), under the key's quota at the time.</summary>
    private sealed record Change(int Delta, int Quota);
}
