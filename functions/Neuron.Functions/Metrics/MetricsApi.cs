using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Neuron.Functions.Metrics;

/// <summary><c>GET /api/metrics</c>: this instance's <see cref="AppMetrics"/> for Prometheus. Public, as health is: counts only.</summary>
public sealed class MetricsApi(AppMetrics metrics)
{
    [Function("Metrics")]
    [Tags("Health")]
    [EndpointSummary("Prometheus text: storage operations by service and kind, runs metered, storage operations per run (this instance, since start).")]
    public ContentHttpResult Metrics([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/metrics")] HttpRequest request) =>
        TypedResults.Text(metrics.ToPrometheus(), "text/plain; version=0.0.4; charset=utf-8");
}
