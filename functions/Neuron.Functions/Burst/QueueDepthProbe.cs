using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Neuron.Functions.Burst;

/// <summary>
/// The runs queue's approximate message count. The client is made at first use, so a
/// disabled controller resolves even where no storage is configured.
/// </summary>
public sealed class QueueDepthProbe(Lazy<QueueClient> queue) : IQueueDepthProbe
{
    public async Task<int> GetDepthAsync(CancellationToken cancellationToken)
    {
        var properties = await queue.Value.GetPropertiesAsync(cancellationToken).ConfigureAwait(false);
        return properties.Value.ApproximateMessagesCount;
    }

    /// <summary>
    /// The queue by identity at Burst:QueueServiceUri or AzureWebJobsStorage:accountName,
    /// else by the AzureWebJobsStorage connection string (local, Azurite).
    /// </summary>
    public static QueueClient CreateQueueClient(BurstOptions options, IConfiguration configuration, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        if (options.QueueServiceUri is { } serviceUri)
        {
            return new QueueServiceClient(serviceUri, credential).GetQueueClient(options.QueueName);
        }

        var accountName = configuration["AzureWebJobsStorage:accountName"];
        if (!string.IsNullOrEmpty(accountName))
        {
            return new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential).GetQueueClient(options.QueueName);
        }

        var connectionString = configuration["AzureWebJobsStorage"];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new QueueClient(connectionString, options.QueueName);
        }

        throw new InvalidOperationException("Burst needs Burst:QueueServiceUri, AzureWebJobsStorage:accountName or AzureWebJobsStorage.");
    }
}
