using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Storage;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>
/// The <c>apikeys</c> table: one row per key, PartitionKey = the key's SHA-256 (so authenticating a request is one
/// point read, and no plaintext is ever stored), plus an index row per id (PartitionKey = id) for revocation. The
/// <c>keyorigins</c> table indexes the allow-lists of unrevoked publishable keys (PartitionKey = origin, RowKey = key
/// id) for CORS preflights. A key's row also holds its webhook secret, which is read only to sign deliveries. Nothing is cached: every request reads the key row, so a revocation holds at once on
/// every instance.
/// </summary>
public sealed class ApiKeyStore(StorageClients clients, StorageInitializer initializer, ILogger<ApiKeyStore> logger)
{
    private const string KeyRow = "key";
    private const string IdRow = "id";
    /// <summary>Never read into an <see cref="ApiKey"/>: only <see cref="GetWebhookSecretAsync"/> selects it.</summary>
    private const string WebhookSecretColumn = "WebhookSecret";

    /// <summary>Stores a new key with its webhook secret (the only plaintext the table holds: signing needs it).</summary>
    public async Task CreateAsync(ApiKey key, string webhookSecret, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var entity = ToEntity(key);
        entity[WebhookSecretColumn] = webhookSecret;
        await clients.ApiKeysTable.AddEntityAsync(entity, cancellationToken);
        try
        {
            await clients.ApiKeysTable.AddEntityAsync(new TableEntity(key.Id, IdRow) { ["Hash"] = key.Hash }, cancellationToken);
            await Task.WhenAll(key.Origins.Select(o => clients.KeyOriginsTable.UpsertEntityAsync(new TableEntity(OriginPartition(o), key.Id), cancellationToken: cancellationToken)));
        }
        catch (Exception e)
        {
            logger.LogError("Key {KeyId} could not be stored completely, withdrawing it: {Error}", key.Id, e.Message);
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await BestEffort(() => clients.ApiKeysTable.DeleteEntityAsync(key.Hash, KeyRow, ETag.All, cleanup.Token));
            await BestEffort(() => clients.ApiKeysTable.DeleteEntityAsync(key.Id, IdRow, ETag.All, cleanup.Token));
            await BestEffort(() => DeleteOriginsAsync(key, cleanup.Token));
            throw;
        }
    }

    /// <summary>The key whose plaintext was presented, revoked or not; null when no such key exists.</summary>
    public async Task<ApiKey?> FindAsync(string presentedKey, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.LooksLikeKey(presentedKey))
            return null;
        await initializer.EnsureAsync(cancellationToken);
        var row = await clients.ApiKeysTable.GetEntityIfExistsAsync<TableEntity>(ApiKeySecrets.Hash(presentedKey), KeyRow, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var hash = await HashOfAsync(id, cancellationToken);
        if (hash is null)
            return null;
        var row = await clients.ApiKeysTable.GetEntityIfExistsAsync<TableEntity>(hash, KeyRow, cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    /// <summary>The hash (row PartitionKey) of key <paramref name="id"/>, from its index row; null when unknown.</summary>
    private async Task<string?> HashOfAsync(string id, CancellationToken cancellationToken)
    {
        if (!ApiKeySecrets.IsValidId(id))
            return null;
        await initializer.EnsureAsync(cancellationToken);
        var index = await clients.ApiKeysTable.GetEntityIfExistsAsync<TableEntity>(id, IdRow, cancellationToken: cancellationToken);
        return index.HasValue ? index.Value!.GetString("Hash") : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var keys = new List<ApiKey>();
        await foreach (var e in clients.ApiKeysTable.QueryAsync<TableEntity>($"RowKey eq '{KeyRow}'", cancellationToken: cancellationToken))
            keys.Add(FromEntity(e));
        return [.. keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
    }

    /// <summary>The webhook secret of key <paramref name="id"/>, to sign a delivery with; null when it has none (or there is no such key).</summary>
    public async Task<string?> GetWebhookSecretAsync(string id, CancellationToken cancellationToken)
    {
        var hash = await HashOfAsync(id, cancellationToken);
        if (hash is null)
            return null;
        var row = await clients.ApiKeysTable.GetEntityIfExistsAsync<TableEntity>(hash, KeyRow, [WebhookSecretColumn], cancellationToken);
        return row.HasValue ? row.Value!.GetString(WebhookSecretColumn) : null;
    }

    /// <summary>
    /// Gives key <paramref name="id"/> the webhook secret <paramref name="secret"/> in place of its previous one, if
    /// any: every attempt from now on is signed with it. Null when there is no such key.
    /// </summary>
    public async Task<ApiKey?> ReplaceWebhookSecretAsync(string id, string secret, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = await GetAsync(id, cancellationToken);
        if (key is null)
            return null;
        await clients.ApiKeysTable.UpdateEntityAsync(
            new TableEntity(key.Hash, KeyRow) { [WebhookSecretColumn] = secret, ["WebhookSecretCreatedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return key with { WebhookSecretCreatedAt = now };
    }

    /// <summary>
    /// Marks the key revoked (from the next request on, on every instance: nothing caches it), then takes its origins
    /// out of the preflight index. Idempotent: revoking again finishes an interrupted revocation. Null when unknown.
    /// </summary>
    public async Task<ApiKey?> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = await GetAsync(id, cancellationToken);
        if (key is null)
            return null;
        if (!key.IsRevoked)
        {
            key = key with { RevokedAt = now };
            await clients.ApiKeysTable.UpdateEntityAsync(new TableEntity(key.Hash, KeyRow) { ["RevokedAt"] = now }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        await DeleteOriginsAsync(key, cancellationToken);
        return key;
    }

    /// <summary>Is <paramref name="origin"/> on the allow-list of at least one unrevoked publishable key?</summary>
    public async Task<bool> IsAllowedOriginAsync(string origin, CancellationToken cancellationToken)
    {
        if (origin.Length > 255)
            return false;
        await initializer.EnsureAsync(cancellationToken);
        var query = clients.KeyOriginsTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OriginPartition(origin)}"),
            maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken);
        await foreach (var page in query.AsPages().WithCancellation(cancellationToken))
            return page.Values.Count > 0;
        return false;
    }

    private Task DeleteOriginsAsync(ApiKey key, CancellationToken cancellationToken) =>
        Task.WhenAll(key.Origins.Select(async o =>
        {
            try
            {
                await clients.KeyOriginsTable.DeleteEntityAsync(OriginPartition(o), key.Id, ETag.All, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }));

    private async Task BestEffort(Func<Task> undo)
    {
        try
        {
            await undo();
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not undo a key write: {Error}", e.Message);
        }
    }

    /// <summary>Origins hold ':' and '/', and '/' may not appear in a table key ('%' is allowed but troublesome): hex of the UTF-8.</summary>
    private static string OriginPartition(string origin) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(origin));

    private static TableEntity ToEntity(ApiKey key) => new(key.Hash, KeyRow)
    {
        ["Id"] = key.Id,
        ["Kind"] = key.Kind,
        ["Name"] = key.Name,
        ["Origins"] = JsonSerializer.Serialize(key.Origins, FunctionsJsonContext.Default.IReadOnlyListString),
        ["PermitsPerMinute"] = key.PermitsPerMinute,
        ["Burst"] = key.Burst,
        ["DailyRunQuota"] = key.DailyRunQuota,
        ["MaxInFlight"] = key.MaxInFlight,
        ["MaxTimeMs"] = key.MaxLimits.TimeMs,
        ["MaxMemoryMb"] = key.MaxLimits.MemoryMb,
        ["MaxOutputKb"] = key.MaxLimits.OutputKb,
        ["FreeMicroCredits"] = key.FreeMicroCredits,
        ["CreatedAt"] = key.CreatedAt,
        ["RevokedAt"] = key.RevokedAt,
        ["WebhookSecretCreatedAt"] = key.WebhookSecretCreatedAt,
    };

    private static ApiKey FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id"),
        Hash = e.PartitionKey,
        Kind = e.GetString("Kind"),
        Name = e.GetString("Name") ?? "",
        Origins = JsonSerializer.Deserialize(e.GetString("Origins") ?? "[]", FunctionsJsonContext.Default.IReadOnlyListString) ?? [],
        PermitsPerMinute = e.GetInt32("PermitsPerMinute") ?? 1,
        Burst = e.GetInt32("Burst") ?? 1,
        DailyRunQuota = e.GetInt32("DailyRunQuota") ?? 0,
        MaxInFlight = e.GetInt32("MaxInFlight") ?? ApiKey.DefaultMaxInFlight,
        MaxLimits = new RunLimits(e.GetInt32("MaxTimeMs"), e.GetInt32("MaxMemoryMb"), e.GetInt32("MaxOutputKb")),
        FreeMicroCredits = e.GetInt64("FreeMicroCredits"),
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        RevokedAt = e.GetDateTimeOffset("RevokedAt"),
        WebhookSecretCreatedAt = e.GetDateTimeOffset("WebhookSecretCreatedAt"),
    };
}
