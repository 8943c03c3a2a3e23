using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> records: one entity per (caller, key), holding the SHA-256 of the request body and the run
/// it created. Reservation is an insert, so of two concurrent first requests exactly one creates a run.
/// </summary>
public sealed class IdempotencyStore(StorageClients clients, StorageInitializer initializer, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    private const string RowKey = "key";

    public static bool IsValidKey(string key) => key.Length is >= 1 and <= 255 && key.All(c => c is >= '!' and <= '~');

    public static string HashBody(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    public async Task<IdempotencyLookup> LookupAsync(string scope, string key, string bodyHash, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var existing = await clients.IdempotencyTable.GetEntityIfExistsAsync<TableEntity>(PartitionKey(scope, key), RowKey, cancellationToken: cancellationToken);
        return Classify(existing.HasValue ? existing.Value : null, bodyHash);
    }

    /// <summary>Claims the key for <paramref name="runId"/>; when someone else holds it, says what they hold.</summary>
    public async Task<IdempotencyLookup> ReserveAsync(string scope, string key, string bodyHash, string runId, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey(scope, key), RowKey)
        {
            ["BodyHash"] = bodyHash,
            ["RunId"] = runId,
            ["CreatedAt"] = time.GetUtcNow(),
        };
        try
        {
            await clients.IdempotencyTable.AddEntityAsync(entity, cancellationToken);
            return new IdempotencyLookup(IdempotencyMatch.None, runId);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await clients.IdempotencyTable.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, RowKey, cancellationToken: cancellationToken);
            var lookup = Classify(existing.HasValue ? existing.Value : null, bodyHash);
            if (lookup.Match != IdempotencyMatch.None)
                return lookup;
            // Expired record: take it over, guarded by its ETag.
            try
            {
                await clients.IdempotencyTable.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return new IdempotencyLookup(IdempotencyMatch.None, runId);
            }
            catch (RequestFailedException e2) when (e2.Status is 404 or 412)
            {
                return await LookupAsync(scope, key, bodyHash, cancellationToken);
            }
        }
    }

    /// <summary>Frees a key whose run could not be created, so that a retry can succeed.</summary>
    public async Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken)
    {
        await clients.IdempotencyTable.DeleteEntityAsync(PartitionKey(scope, key), RowKey, ETag.All, cancellationToken);
    }

    private IdempotencyLookup Classify(TableEntity? entity, string bodyHash)
    {
        if (entity is null)
            return new IdempotencyLookup(IdempotencyMatch.None, null);
        var createdAt = entity.GetDateTimeOffset("CreatedAt") ?? default;
        if (time.GetUtcNow() - createdAt > TimeSpan.FromHours(options.Value.RetentionHours))
            return new IdempotencyLookup(IdempotencyMatch.None, null);
        var runId = entity.GetString("RunId");
        return entity.GetString("BodyHash") == bodyHash
            ? new IdempotencyLookup(IdempotencyMatch.SameRequest, runId)
            : new IdempotencyLookup(IdempotencyMatch.DifferentRequest, runId);
    }

    private static string PartitionKey(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));
}
