using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Storage;

/// <summary>The app's table, queue and blob clients, built once from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Tables = new TableServiceClient(o.ConnectionString);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString);
        }
        else
        {
            var credential = new DefaultAzureCredential();
            var account = o.AccountName!;
            Tables = new TableServiceClient(o.TableServiceUri ?? new Uri($"https://{account}.table.core.windows.net"), credential);
            Queues = new QueueServiceClient(o.QueueServiceUri ?? new Uri($"https://{account}.queue.core.windows.net"), credential, queueOptions);
            Blobs = new BlobServiceClient(o.BlobServiceUri ?? new Uri($"https://{account}.blob.core.windows.net"), credential);
        }

        RunsTable = Tables.GetTableClient(o.RunsTable);
        RateLimitsTable = Tables.GetTableClient(o.RateLimitsTable);
        IdempotencyTable = Tables.GetTableClient(o.IdempotencyTable);
        SessionsTable = Tables.GetTableClient(o.SessionsTable);
        RunsQueue = Queues.GetQueueClient(o.RunsQueue);
        PoisonQueue = Queues.GetQueueClient(o.PoisonQueue);
        RunData = Blobs.GetBlobContainerClient(o.RunDataContainer);
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }
    public TableClient RunsTable { get; }
    public TableClient RateLimitsTable { get; }
    public TableClient IdempotencyTable { get; }
    public TableClient SessionsTable { get; }
    public QueueClient RunsQueue { get; }
    public QueueClient PoisonQueue { get; }
    public BlobContainerClient RunData { get; }
}
