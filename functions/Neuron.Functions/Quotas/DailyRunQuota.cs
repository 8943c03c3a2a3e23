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
/// makes the write fail) and lets one request per key at a time at the counter. A submission that is not accepted
/// after all gives its run back (<see cref="ReturnAsync"/>).
/// </summary>
public sealed class DailyRunQuota(StorageClients clients, StorageInitializer initializer, TimeProvider time, ILogger<DailyRunQuota> logger)
{
    private const int MaxAttempts = 20;
    private const int MaxKnown = 10_000;

    private readonly ConcurrentDictionary<string, Counter> _known = new();
    private readonly CounterGates _gates = new();

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
        return await _gates.RunAsync(key.Id, () => AddAsync(key, delta, cancellationToken), cancellationToken);
    }

    private async Task<QuotaDecision> AddAsync(ApiKey key, int delta, CancellationToken cancellationToken)
    {
        var table = clients.QuotasTable;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var day = Day(now);
            var resetsAt = NextMidnight(now);
            var cacheKey = key.Id + "/" + day;
            _known.TryGetValue(cacheKey, out var counter);
            // A remembered "exhausted" may be stale the other way (a run given back elsewhere): only storage may refuse.
            if (counter is null || (delta > 0 && counter.Count + delta > key.DailyRunQuota))
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(key.Id, day, cancellationToken: cancellationToken);
                counter = read.HasValue ? new Counter(read.Value!.GetInt32("Count") ?? 0, read.Value.ETag) : null;
            }
            var used = counter?.Count ?? 0;
            if (delta > 0 && used + delta > key.DailyRunQuota)
                return new QuotaDecision(false, key.DailyRunQuota, used, resetsAt);
            if (delta < 0 && used == 0)
                return new QuotaDecision(true, key.DailyRunQuota, 0, resetsAt);

            var entity = new TableEntity(key.Id, day) { ["Count"] = Math.Max(0, used + delta) };
            try
            {
                var response = counter is null
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, counter.ETag, TableUpdateMode.Replace, cancellationToken);
                if (_known.Count >= MaxKnown)
                    _known.Clear();
                _known[cacheKey] = new Counter(Math.Max(0, used + delta), response.Headers.ETag ?? default);
                return new QuotaDecision(true, key.DailyRunQuota, Math.Max(0, used + delta), resetsAt);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                _known.TryRemove(cacheKey, out _);
                if (attempt > 0)
                    await Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
            }
        }
        logger.LogWarning("Quota counter of key {KeyId} too contended; refusing", key.Id);
        return new QuotaDecision(false, key.DailyRunQuota, key.DailyRunQuota, NextMidnight(time.GetUtcNow()), Contended: true);
    }

    private sealed record Counter(int Count, ETag ETag);
}
