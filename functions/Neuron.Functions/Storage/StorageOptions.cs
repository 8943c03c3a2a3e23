using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Storage;

/// <summary>
/// Where runs live. The account comes from the Functions convention: <c>AzureWebJobsStorage</c> (a connection string)
/// or, identity-based, <c>AzureWebJobsStorage__accountName</c> (plus optional <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>).
/// The queue names are fixed by the queue triggers' attributes (<see cref="RunsQueueName"/>); <see cref="NamePrefix"/> only isolates local/test instances sharing one account.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    /// <summary>The connection setting the triggers name, as the Functions host reads it.</summary>
    public const string Connection = "AzureWebJobsStorage";
    public const string RunsQueueName = "runs";
    /// <summary>The Functions host's own naming: <c>{queue}-poison</c>.</summary>
    public const string PoisonQueueName = RunsQueueName + "-poison";
    /// <summary>Webhook deliveries, one message per attempt (Webhooks/).</summary>
    public const string WebhooksQueueName = "webhooks";
    public const string WebhooksPoisonQueueName = WebhooksQueueName + "-poison";

    public string? ConnectionString { get; set; }
    public string? AccountName { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    public Uri? TableServiceUri { get; set; }

    /// <summary>Lowercase letters and digits, starting with a letter; must stay empty under the Functions host.</summary>
    [RegularExpression(@"\A([a-z][a-z0-9]{0,15})?\z")]
    public string NamePrefix { get; set; } = "";

    public string RunsQueue => NamePrefix + RunsQueueName;
    public string PoisonQueue => NamePrefix + PoisonQueueName;
    public string WebhooksQueue => NamePrefix + WebhooksQueueName;
    public string WebhooksPoisonQueue => NamePrefix + WebhooksPoisonQueueName;
    public string RunsTable => NamePrefix + "runs";
    public string RateLimitsTable => NamePrefix + "ratelimits";
    public string IdempotencyTable => NamePrefix + "idempotency";
    public string SessionsTable => NamePrefix + "sessions";
    public string ApiKeysTable => NamePrefix + "apikeys";
    public string KeyOriginsTable => NamePrefix + "keyorigins";
    public string QuotasTable => NamePrefix + "quotas";
    public string UsageTable => NamePrefix + "usage";
    public string LanguagesTable => NamePrefix + "languages";
    public string RunDataContainer => NamePrefix + "run-data";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(AccountName);
}
