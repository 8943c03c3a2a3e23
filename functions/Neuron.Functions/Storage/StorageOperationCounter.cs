using Azure.Core;
using Azure.Core.Pipeline;
using Neuron.Functions.Metrics;

namespace Neuron.Functions.Storage;

/// <summary>
/// A per-retry policy on every storage client: counts each request sent (retries included — each is a transaction
/// Azure bills) in <see cref="AppMetrics"/>, by service and by kind of operation read from the method and the path.
/// </summary>
public sealed class StorageOperationCounter(AppMetrics metrics, string service) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => metrics.StorageOperation(service, Kind(service, message.Request));

    public static string Kind(string service, Request request)
    {
        var method = request.Method;
        var path = request.Uri.Path;
        var query = request.Uri.Query;
        return service switch
        {
            "table" when path.EndsWith("$batch", StringComparison.Ordinal) => "batch",
            "table" when method == RequestMethod.Get => "read",
            "table" when method == RequestMethod.Post => path.EndsWith("Tables", StringComparison.Ordinal) ? "create" : "insert",
            "table" when method == RequestMethod.Delete => "delete",
            "table" => "update", // PUT (replace, upsert) and MERGE/PATCH
            "queue" when path.EndsWith("/messages", StringComparison.Ordinal) && method == RequestMethod.Post => "enqueue",
            "queue" when path.EndsWith("/messages", StringComparison.Ordinal) && method == RequestMethod.Get =>
                query.Contains("peekonly=true", StringComparison.OrdinalIgnoreCase) ? "peek" : "dequeue",
            "queue" when path.Contains("/messages/", StringComparison.Ordinal) && method == RequestMethod.Delete => "delete",
            "queue" when path.Contains("/messages/", StringComparison.Ordinal) && method == RequestMethod.Put => "update",
            "queue" when query.Contains("comp=metadata", StringComparison.OrdinalIgnoreCase) => "properties",
            "queue" => method == RequestMethod.Put ? "create" : "other",
            _ when method == RequestMethod.Get => "read",
            _ when method == RequestMethod.Head => "properties",
            _ when method == RequestMethod.Delete => "delete",
            _ => "write",
        };
    }
}
