using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using Neuron.Functions.Metrics;

namespace Neuron.Functions.Storage;

/// <summary>The app's table, queue and blob clients, built once from <see cref="StorageOptions"/>; each counts its requests in <see cref="AppMetrics"/>.</summary>
public sealed class StorageClients
{
    public StorageClients(IOptions<StorageOptions> options, AppMetrics metrics)
    {
        var o = options.Value;
        var queueOptions = Counted(Interactive(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }), metrics, "queue");
        var tableOptions = Counted(Interactive(new TableClientOptions()), metrics, "table");
        var blobOptions = Counted(Interactive(new BlobClientOptions()), metrics, "blob");
        if (!string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            Tables = new TableServiceClient(o.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(o.ConnectionString, queueOptions);
            Blobs = new BlobServiceClient(o.ConnectionString, blobOptions);
        }
        else
        {
            var credential = new DefaultAzureCredential();
            var account = o.AccountName!;
            Tables = new TableServiceClient(o.TableServiceUri ?? new Uri($"https://{account}.table.core.windows.net"), credential, tableOptions);
            Queues = new QueueServiceClient(o.QueueServiceUri ?? new Uri($"https://{account}.queue.core.windows.net"), credential, queueOptions);
            Blobs = new BlobServiceClient(o.BlobServiceUri ?? new Uri($"https://{account}.blob.core.windows.net"), credential, blobOptions);
        }

        RunsTable = Tables.GetTableClient(o.RunsTable);
        RateLimitsTable = Tables.GetTableClient(o.RateLimitsTable);
        IdempotencyTable = Tables.GetTableClient(o.IdempotencyTable);
        SessionsTable = Tables.GetTableClient(o.SessionsTable);
        ApiKeysTable = Tables.GetTableClient(o.ApiKeysTable);
        KeyOriginsTable = Tables.GetTableClient(o.KeyOriginsTable);
        QuotasTable = Tables.GetTableClient(o.QuotasTable);
        UsageTable = Tables.GetTableClient(o.UsageTable);
        LanguagesTable = Tables.GetTableClient(o.LanguagesTable);
        RunsQueue = Queues.GetQueueClient(o.RunsQueue);
        PoisonQueue = Queues.GetQueueClient(o.PoisonQueue);
        WebhooksQueue = Queues.GetQueueClient(o.WebhooksQueue);
        WebhooksPoisonQueue = Queues.GetQueueClient(o.WebhooksPoisonQueue);
        RunData = Blobs.GetBlobContainerClient(o.RunDataContainer);
    }

    private static T Counted<T>(T options, AppMetrics metrics, string service) where T : Azure.Core.ClientOptions
    {
        options.AddPolicy(new StorageOperationCounter(metrics, service), Azure.Core.HttpPipelinePosition.PerRetry);
        return options;
    }

    /// <summary>Retries sized for a caller who is waiting: a few quick ones (the SDK default backs off from 0.8 s).</summary>
    private static T Interactive<T>(T options) where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(100);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    public TableServiceClient Tables { get; }
    public QueueServiceClient Queues { get; }
    public BlobServiceClient Blobs { get; }
    public TableClient RunsTable { get; }
    public TableClient RateLimitsTable { get; }
    public TableClient IdempotencyTable { get; }
    public TableClient SessionsTable { get; }
    public TableClient ApiKeysTable { get; }
    public TableClient KeyOriginsTable { get; }
    public TableClient QuotasTable { get; }
    public TableClient UsageTable { get; }
    public TableClient LanguagesTable { get; }
    public QueueClient RunsQueue { get; }
    public QueueClient PoisonQueue { get; }
    public QueueClient WebhooksQueue { get; }
    public QueueClient WebhooksPoisonQueue { get; }
    public BlobContainerClient RunData { get; }
}
