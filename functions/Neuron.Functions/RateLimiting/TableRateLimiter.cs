using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Storage;

namespace Neuron.Functions.RateLimiting;

/// <summary>
/// Token buckets in Table storage, one entity per caller, updated only under its ETag: two app instances taking the
/// last token concurrently cannot both succeed (the loser re-reads and retries), so a limit holds across any number
/// of instances. Contention beyond <see cref="MaxAttempts"/> is answered as "limited" rather than let through.
/// </summary>
public sealed class TableRateLimiter(
    StorageClients clients, StorageInitializer initializer, IOptions<RateLimitOptions> options, TimeProvider time, ILogger<TableRateLimiter> logger)
{
    private const int MaxAttempts = 20;
    private const string RowKey = "bucket";

    public async Task<RateLimitDecision?> AcquireAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return null;
        await initializer.EnsureAsync(cancellationToken);
        var policy = caller.RateLimit ?? options.Value.DefaultPolicy;
        var table = clients.RateLimitsTable;

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(caller.Key, RowKey, cancellationToken: cancellationToken);
            double tokens = policy.Burst;
            if (existing.HasValue)
            {
                var e = existing.Value!;
                var elapsed = Math.Max(0, (now - (e.GetDateTimeOffset("UpdatedAt") ?? now)).TotalSeconds);
                tokens = Math.Min(policy.Burst, (e.GetDouble("Tokens") ?? policy.Burst) + elapsed * policy.TokensPerSecond);
            }

            if (tokens < 1)
            {
                var retryAfter = TimeSpan.FromSeconds((1 - tokens) / policy.TokensPerSecond);
                return new RateLimitDecision(false, policy, 0, retryAfter, retryAfter);
            }

            var entity = new TableEntity(caller.Key, RowKey) { ["Tokens"] = tokens - 1, ["UpdatedAt"] = now };
            try
            {
                if (existing.HasValue)
                    await table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                else
                    await table.AddEntityAsync(entity, cancellationToken);
                var remaining = (int)Math.Floor(tokens - 1);
                var reset = TimeSpan.FromSeconds((policy.Burst - (tokens - 1)) / policy.TokensPerSecond);
                return new RateLimitDecision(true, policy, remaining, reset, TimeSpan.Zero);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another request moved the bucket between our read and write: read it again, a little later
                // and at a random moment so that a burst of callers does not collide in lockstep.
                await Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
            }
        }
        logger.LogWarning("Rate-limit bucket {Caller} too contended; refusing", caller.Key);
        return new RateLimitDecision(false, policy, 0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }
}
