using System.Diagnostics;
using Azure.Storage.Queues.Models;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Runs;

/// <summary>Puts runs on the <c>runs</c> queue.</summary>
public sealed class RunQueue(StorageClients clients, StorageInitializer initializer, QueueSignal signal)
{
    /// <summary>Queues a run just inserted: its message carries the record (<see cref="RunMessage.For"/>).</summary>
    public Task<SendReceipt> EnqueueNewAsync(RunRecord inserted, CancellationToken cancellationToken) =>
        SendAsync(RunMessage.For(inserted, Activity.Current?.Id), cancellationToken);

    /// <summary>Queues a pointer to a run (one queued again: its row is what a dispatcher reads).</summary>
    public Task<SendReceipt> EnqueueAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync(RunMessage.Pointer(runId, Activity.Current?.Id), cancellationToken);

    private async Task<SendReceipt> SendAsync(string message, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var receipt = await clients.RunsQueue.SendMessageAsync(message, cancellationToken);
        signal.Set();
        return receipt.Value;
    }

    /// <summary>
    /// Whether the queue holds no message at all: its approximate count is never below the true number of messages,
    /// visible or not (Azure Storage and Azurite alike), so zero means none, not even one being dispatched.
    /// </summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        return (await clients.RunsQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount == 0;
    }

    /// <summary>Takes back a message whose run could not be stored.</summary>
    public async Task WithdrawAsync(SendReceipt receipt, CancellationToken cancellationToken) =>
        await clients.RunsQueue.DeleteMessageAsync(receipt.MessageId, receipt.PopReceipt, cancellationToken);
}
