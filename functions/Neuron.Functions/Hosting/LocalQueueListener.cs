using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Local mode's stand-in for the Functions host's queue trigger, with the semantics host.json gives it: a message is invisible while
/// processed, deleted on success, made visible again after <see cref="QueueOptions.VisibilityTimeout"/> on failure,
/// and moved to <c>{queue}-poison</c> when it fails on its <see cref="QueueOptions.MaxDequeueCount"/>-th dequeue.
/// Messages are received <see cref="QueueOptions.BatchSize"/> at a time, and the next batch once no more than
/// <see cref="QueueOptions.NewBatchThreshold"/> are in flight. Polling is adaptive: immediately again while messages come, doubling from <see cref="QueueOptions.MinPollingInterval"/>
/// to <see cref="QueueOptions.MaxPollingInterval"/> when idle, and woken at once by this process's own enqueues.
/// </summary>
public sealed class LocalQueueListener(
    QueueClient queue,
    QueueClient poisonQueue,
    Func<QueueMessage, CancellationToken, Task> function,
    QueueOptions options,
    QueueSignal? signal,
    ILogger<LocalQueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var slots = new SemaphoreSlim(options.BatchSize + options.NewBatchThreshold);
        var inFlight = new HashSet<Task>();
        var delay = options.MinPollingInterval;
        if (!await EnsureQueueAsync(stoppingToken))
            return;
        logger.LogInformation("Listening to queue {Queue} (poison: {Poison})", queue.Name, poisonQueue.Name);

        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                // As the Functions host does: a new batch once the messages in flight dropped to NewBatchThreshold
                // (a whole batch fits), so a busy listener dequeues a batch at a time, not a message per freed slot.
                if (slots.CurrentCount < options.BatchSize)
                {
                    await Task.WhenAny(inFlight.Append(Task.Delay(options.MaxPollingInterval, stoppingToken)));
                    inFlight.RemoveWhere(t => t.IsCompleted);
                    continue;
                }
                messages = (await queue.ReceiveMessagesAsync(options.BatchSize, options.ProcessingVisibility, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (StorageFailure.Is(e))
            {
                logger.LogWarning("Polling {Queue} failed: {Error}", queue.Name, e.Message);
                messages = [];
            }

            if (messages.Length == 0)
            {
                try
                {
                    if (signal is null)
                        await Task.Delay(delay, stoppingToken);
                    else
                        await signal.WaitAsync(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollingInterval.Ticks));
                continue;
            }

            delay = options.MinPollingInterval;
            foreach (var message in messages)
            {
                await slots.WaitAsync(stoppingToken);
                var task = ProcessAsync(message, stoppingToken).ContinueWith(_ => slots.Release(), TaskScheduler.Default);
                inFlight.Add(task);
            }
            inFlight.RemoveWhere(t => t.IsCompleted);
        }

        await Task.WhenAll(inFlight);
    }

    /// <summary>Waits for storage at startup instead of failing the host (a BackgroundService that throws stops the app).</summary>
    private async Task<bool> EnsureQueueAsync(CancellationToken stoppingToken)
    {
        for (var wait = TimeSpan.FromMilliseconds(200); !stoppingToken.IsCancellationRequested; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return true;
            }
            catch (Exception e) when (StorageFailure.Is(e))
            {
                logger.LogError("Queue {Queue} unavailable, retrying in {Wait}: {Error}", queue.Name, wait, e.Message);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, stoppingToken);
                return;
            }
            try
            {
                await function(message, stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("{Queue} message {MessageId} failed on dequeue {DequeueCount}: {Error}", queue.Name, message.MessageId, message.DequeueCount, e.Message);
                if (message.DequeueCount >= options.MaxDequeueCount)
                    await MoveToPoisonAsync(message, stoppingToken);
                else
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the message reappears after its visibility timeout.
        }
        catch (Exception e) when (StorageFailure.Is(e))
        {
            // The pop receipt expired or the message is gone: it will be (or was) handled by another dequeue.
            logger.LogWarning("{Queue} message {MessageId}: storage refused the settlement: {Error}", queue.Name, message.MessageId, e.Message);
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        await poisonQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poisonQueue.SendMessageAsync(message.MessageText, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        logger.LogWarning("{Queue} message {MessageId} moved to {Poison} after {DequeueCount} dequeues", queue.Name, message.MessageId, poisonQueue.Name, message.DequeueCount);
    }
}
