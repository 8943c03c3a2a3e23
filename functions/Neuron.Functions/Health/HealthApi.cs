using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Health;

/// <summary><c>GET /api/health</c>: storage and runner reachable, queue depths. 503 (same body) when either is down.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/health", CheckAsync)
            .WithTags("Health")
            .WithName("Health")
            .WithSummary("Storage and runner reachability and the queue depth, probed at most once per Health:FreshForMs.");
        return app;
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(HealthMonitor monitor, CancellationToken cancellationToken)
    {
        var report = await monitor.CurrentAsync(cancellationToken);
        return report.Status == HealthReport.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, FunctionsJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
