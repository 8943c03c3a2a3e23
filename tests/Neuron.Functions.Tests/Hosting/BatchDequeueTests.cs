using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging.Abstractions;
using Neuron.Functions.Hosting;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

public sealed class BatchDequeueTests
{
    [Fact]
    public async Task ABatchWhoseInvocationsPartlyFail_LosesNothing_AndRetriesOnlyTheFailedOnes()
    {
        var connection = await SharedAzurite.ConnectionStringAsync();
        var service = new QueueServiceClient(connection, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var name = FunctionsApp.NewPrefix();
        var queue = service.GetQueueClient(name + "-work");
        var poison = service.GetQueueClient(name + "-work-poison");
        await queue.CreateIfNotExistsAsync();
        const int count = 100;
        for (var i = 0; i < count; i++)
            await queue.SendMessageAsync($"m{i}");

        var attempts = new ConcurrentDictionary<string, int>();
        var succeeded = new ConcurrentDictionary<string, int>();
        var options = new QueueOptions { BatchSize = 32, NewBatchThreshold = 8, VisibilityTimeout = TimeSpan.FromSeconds(1), MaxDequeueCount = 5 };
        using var listener = new LocalQueueListener(queue, poison, async (message, _) =>
        {
            await Task.Yield();
            // Every third message fails on its first dequeue, in the middle of its batch.
            if (attempts.AddOrUpdate(message.MessageText, 1, (_, n) => n + 1) == 1 && int.Parse(message.MessageText[1..]) % 3 == 0)
                throw new InvalidOperationException("dispatch failed");
            succeeded.AddOrUpdate(message.MessageText, 1, (_, n) => n + 1);
        }, options, signal: null, NullLogger<LocalQueueListener>.Instance);

        await listener.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => succeeded.Count == count, TimeSpan.FromSeconds(60), "every message handled");
        await Eventually.GetAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0,
            TimeSpan.FromSeconds(30), "every message deleted once handled");
        await listener.StopAsync(CancellationToken.None);

        Assert.All(succeeded.Values, n => Assert.Equal(1, n));
        Assert.All(attempts, a => Assert.Equal(int.Parse(a.Key[1..]) % 3 == 0 ? 2 : 1, a.Value));
        Assert.False((await poison.ExistsAsync()).Value && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0);
        await queue.DeleteAsync();
    }
}
