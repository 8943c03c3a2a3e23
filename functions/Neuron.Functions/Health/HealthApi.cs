using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Languages;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Health;

/// <summary><c>GET /api/health</c>: storage and runner reachable, queue depths. 503 (same body) when either is down.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Storage and runner reachability and the queue depth.");
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        StorageClients storage, StorageInitializer initializer, RunnerClient runner, LanguageCatalog languages, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        var runnerTask = runner.IsHealthyAsync(cts.Token);
        int? depth = null, poisonDepth = null;
        string? error = null;
        try
        {
            await initializer.EnsureAsync(cts.Token);
            var queue = storage.RunsQueue.GetPropertiesAsync(cts.Token);
            var poison = storage.PoisonQueue.GetPropertiesAsync(cts.Token);
            depth = (await queue).Value.ApproximateMessagesCount;
            poisonDepth = (await poison).Value.ApproximateMessagesCount;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            error = "storage: " + e.Message;
        }
        bool runnerUp;
        try
        {
            runnerUp = await runnerTask;
        }
        catch (OperationCanceledException)
        {
            runnerUp = false;
        }
        var healthy = error is null && runnerUp;
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", error is null, runnerUp, depth, poisonDepth,
            languages.FromRunner ? "runner" : "fallback", error ?? (runnerUp ? null : "runner unreachable"));
        return healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, FunctionsJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
