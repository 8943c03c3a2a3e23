using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// The queue functions of webhook delivery, one message per attempt. A thrown exception fails the invocation (storage
/// trouble): the queue retries it after its visibility timeout, and a message that keeps failing ends in
/// <c>webhooks-poison</c>, whose function marks the delivery failed, so that no delivery stays pending for ever.
/// </summary>
public sealed class WebhookFunctions(WebhookDeliverer deliverer)
{
    [Function("DeliverWebhook")]
    public Task DeliverWebhookAsync([QueueTrigger(StorageOptions.WebhooksQueueName, Connection = StorageOptions.Connection)] QueueMessage message, CancellationToken cancellationToken) =>
        deliverer.DeliverAsync(WebhookMessage.Parse(message.MessageText), cancellationToken);

    [Function("FailPoisonedWebhook")]
    public Task FailPoisonedWebhookAsync([QueueTrigger(StorageOptions.WebhooksPoisonQueueName, Connection = StorageOptions.Connection)] QueueMessage message, CancellationToken cancellationToken) =>
        deliverer.AbandonAsync(WebhookMessage.Parse(message.MessageText), cancellationToken);
}
