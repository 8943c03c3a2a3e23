namespace Neuron.Functions.Storage;

/// <summary>
/// Creates the tables, queues and blob container once per process. Handlers await <see cref="EnsureAsync"/>,
/// which costs nothing after the first success; a failure is retried by the next caller.
/// </summary>
public sealed class StorageInitializer(StorageClients clients, ILogger<StorageInitializer> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async ValueTask EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
            return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
                return;
            await Task.WhenAll(
                clients.RunsTable.CreateIfNotExistsAsync(cancellationToken),
                clients.RateLimitsTable.CreateIfNotExistsAsync(cancellationToken),
                clients.IdempotencyTable.CreateIfNotExistsAsync(cancellationToken),
                clients.SessionsTable.CreateIfNotExistsAsync(cancellationToken),
                clients.ApiKeysTable.CreateIfNotExistsAsync(cancellationToken),
                clients.KeyOriginsTable.CreateIfNotExistsAsync(cancellationToken),
                clients.QuotasTable.CreateIfNotExistsAsync(cancellationToken),
                clients.UsageTable.CreateIfNotExistsAsync(cancellationToken),
                clients.LanguagesTable.CreateIfNotExistsAsync(cancellationToken),
                clients.RunsQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                clients.PoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                clients.WebhooksQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                clients.WebhooksPoisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                clients.RunData.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            _ready = true;
            logger.LogInformation("Storage ready: table {Table}, queue {Queue}", clients.RunsTable.Name, clients.RunsQueue.Name);
        }
        finally
        {
            _gate.Release();
        }
    }
}
