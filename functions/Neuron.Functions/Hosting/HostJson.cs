using System.Text.Json;

namespace Neuron.Functions.Hosting;

/// <summary>Reads the queue settings of host.json (copied next to the app) so that local mode uses the same values as the Functions host.</summary>
public static class HostJson
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    public static void ApplyQueueSettings(QueueOptions options, string path)
    {
        if (!File.Exists(path))
            return;
        using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!document.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
            return;
        if (queues.TryGetProperty("maxPollingInterval", out var poll) && TimeSpan.TryParse(poll.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var p))
            options.MaxPollingInterval = p;
        if (queues.TryGetProperty("visibilityTimeout", out var visibility) && TimeSpan.TryParse(visibility.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var v))
            options.VisibilityTimeout = v;
        if (queues.TryGetProperty("maxDequeueCount", out var dequeue) && dequeue.TryGetInt32(out var d))
            options.MaxDequeueCount = d;
        if (queues.TryGetProperty("batchSize", out var batch) && batch.TryGetInt32(out var b))
            options.BatchSize = b;
        if (queues.TryGetProperty("newBatchThreshold", out var threshold) && threshold.TryGetInt32(out var t))
            options.NewBatchThreshold = t;
    }
}
