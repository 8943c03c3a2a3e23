using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Cors;

namespace Neuron.Functions.Health;

/// <summary><c>GET /api/health</c>: storage and runner reachable, queue depths. 503 (same body) when either is down.</summary>
public sealed class HealthApi(HealthMonitor monitor)
{
    [Function("Health")]
    [AllowKeyOrigins]
    [Tags("Health")]
    [EndpointSummary("Storage and runner reachability and the queue depth, probed at most once per Health:FreshForMs.")]
    public async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> CheckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request, CancellationToken cancellationToken)
    {
        var report = await monitor.CurrentAsync(cancellationToken);
        return report.Status == HealthReport.Healthy
            ? TypedResults.Ok(report)
            : TypedResults.Json(report, FunctionsJsonContext.Default.HealthReport, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
