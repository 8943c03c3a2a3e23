using System.Text.Json;
using Neuron.Functions.Runs;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// Puts deliveries on the <c>webhooks</c> queue; a retry is a new message made visible after its backoff delay, so the
/// schedule is the same under the Functions host and locally.
/// </summary>
public sealed class WebhookQueue(StorageClients clients, StorageInitializer initializer) : IRunCallbackScheduler
{
    public async Task ScheduleAsync(string runId, int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var text = JsonSerializer.Serialize(new WebhookMessage(runId, attempt), FunctionsJsonContext.Default.WebhookMessage);
        await clients.WebhooksQueue.SendMessageAsync(text, visibilityTimeout: delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);
    }
}
