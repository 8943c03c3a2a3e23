using System.Diagnostics;
using System.Text.Json;
using Neuron.Functions.Hosting;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Dispatch;

/// <summary>Puts runs on the <c>runs</c> queue.</summary>
public sealed class RunQueue(StorageClients clients, StorageInitializer initializer, QueueSignal signal)
{
    public async Task EnqueueAsync(string runId, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var message = new RunMessage(runId, Activity.Current?.Id);
        await clients.RunsQueue.SendMessageAsync(JsonSerializer.Serialize(message, FunctionsJsonContext.Default.RunMessage), cancellationToken);
        signal.Set();
    }
}
