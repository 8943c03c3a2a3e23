using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Storage;

namespace Neuron.Functions.RateLimiting;

/// <summary>
/// Token buckets in Table storage, one entity per caller, updated only under its ETag: two app instances taking the
/// last token concurrently cannot both succeed (the loser re-reads and retries), so a limit holds across any number
/// of instances. Each instance remembers the buckets it wrote, so a caller's next request costs one conditional
/// write instead of a read and a write, and lets one request per caller at a time at its bucket: concurrent requests
/// of one caller in one instance would only race each other for the ETag (a burst of a few hundred would exhaust the
/// retries of most). Contention beyond <see cref="MaxAttempts"/> — across instances — is answered as "limited".
/// </summary>
public sealed class TableRateLimiter(
    StorageClients clients, StorageInitializer initializer, IOptions<RateLimitOptions> options, TimeProvider time, ILogger<TableRateLimiter> logger)
{
    private const int MaxAttempts = 20;
    private const string RowKey = "bucket";
    private const int MaxKnownBuckets = 10_000;

    private readonly ConcurrentDictionary<string, Bucket> _known = new();
    private readonly CounterGates _gates = new();

    /// <summary>
    /// True when the bucket this instance last wrote for the caller holds no whole token now. No I/O; reliable
    /// because a stale copy can only over-estimate tokens. Lets a flood be refused without touching other counters.
    /// </summary>
    public bool SeemsEmpty(string bucketKey, RateLimitPolicy? policy)
    {
        if (!options.Value.Enabled || !_known.TryGetValue(bucketKey, out var bucket))
            return false;
        policy ??= options.Value.DefaultPolicy;
        var elapsed = Math.Max(0, (time.GetUtcNow() - bucket.UpdatedAt).TotalSeconds);
        return bucket.Tokens + elapsed * policy.TokensPerSecond < 1;
    }

    /// <summary>Takes <paramref name="permits"/> tokens (a batch takes one per run), all or none.</summary>
    public async Task<RateLimitDecision?> AcquireAsync(string bucketKey, RateLimitPolicy? policy, CancellationToken cancellationToken, int permits = 1)
    {
        if (!options.Value.Enabled)
            return null;
        await initializer.EnsureAsync(cancellationToken);
        return await _gates.RunAsync(bucketKey, () => TakeTokensAsync(bucketKey, policy, permits, cancellationToken), cancellationToken);
    }

    private async Task<RateLimitDecision> TakeTokensAsync(string bucketKey, RateLimitPolicy? policy, int permits, CancellationToken cancellationToken)
    {
        policy ??= options.Value.DefaultPolicy;
        var table = clients.RateLimitsTable;

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            // The last bucket state this instance saw. Other instances only ever take tokens, so a stale copy
            // over-estimates: "empty" is safe to answer from it, and a write with its ETag fails if it is stale.
            if (!_known.TryGetValue(bucketKey, out var bucket))
            {
                var read = await table.GetEntityIfExistsAsync<TableEntity>(bucketKey, RowKey, cancellationToken: cancellationToken);
                bucket = read.HasValue
                    ? new Bucket(read.Value!.GetDouble("Tokens") ?? policy.Burst, read.Value.GetDateTimeOffset("UpdatedAt") ?? now, read.Value.ETag)
                    : null;
            }
            var tokens = bucket is null
                ? policy.Burst
                : Math.Min(policy.Burst, bucket.Tokens + Math.Max(0, (now - bucket.UpdatedAt).TotalSeconds) * policy.TokensPerSecond);

            if (tokens < permits)
            {
                var retryAfter = TimeSpan.FromSeconds((Math.Min(permits, policy.Burst) - tokens) / policy.TokensPerSecond);
                return new RateLimitDecision(false, policy, (int)Math.Floor(tokens), retryAfter, retryAfter);
            }

            var entity = new TableEntity(bucketKey, RowKey) { ["Tokens"] = tokens - permits, ["UpdatedAt"] = now };
            try
            {
                var response = bucket is null
                    ? await table.AddEntityAsync(entity, cancellationToken)
                    : await table.UpdateEntityAsync(entity, bucket.ETag, TableUpdateMode.Replace, cancellationToken);
                Remember(bucketKey, new Bucket(tokens - permits, now, response.Headers.ETag ?? default));
                var remaining = (int)Math.Floor(tokens - permits);
                var reset = TimeSpan.FromSeconds((policy.Burst - (tokens - permits)) / policy.TokensPerSecond);
                return new RateLimitDecision(true, policy, remaining, reset, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412)
            {
                // Another request moved the bucket since we saw it: read it again, a little later and at a
                // random moment so that a burst of callers does not collide in lockstep.
                _known.TryRemove(bucketKey, out _);
                if (attempt > 0)
                    await Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
            }
        }
        logger.LogWarning("Rate-limit bucket {Caller} too contended; refusing", bucketKey);
        return new RateLimitDecision(false, policy, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private void Remember(string key, Bucket bucket)
    {
        if (_known.Count >= MaxKnownBuckets)
            _known.Clear();
        _known[key] = bucket;
    }

    private sealed record Bucket(double Tokens, DateTimeOffset UpdatedAt, ETag ETag);
}
