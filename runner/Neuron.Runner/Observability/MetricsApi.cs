using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Runner.Execution;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Observability;

/// <summary><c>GET /healthz</c> for load-balancer probes and <c>GET /metrics</c> for Prometheus; neither needs a signature.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Health).WithName("Health").WithSummary("Pool state per language; 200 when ready, 503 otherwise.");
        app.MapGet("/metrics", Metrics).WithName("Metrics").WithSummary("Prometheus text exposition.");
        return app;
    }

    private static IResult Health(PoolManager pools, Admission admission, ISandboxSource sandboxes, IOptions<RunnerOptions> options)
    {
        var states = pools.Pools.ToDictionary(p => p.Key, p => p.Value.State);
        var faults = sandboxes.Faults;
        var ready = Readiness.IsReady(pools, sandboxes);
        var status = faults.Count > 0 ? "unhealthy" : ready ? "ok" : "starting";
        var report = new HealthReport(status, options.Value.InstanceId, admission.Running, admission.Waiting, states, faults);
        return Results.Json(report, RunnerInternalJsonContext.Default.HealthReport, statusCode: ready ? 200 : 503);
    }

    private static IResult Metrics(PoolManager pools, Admission admission, RunnerMetrics metrics)
    {
        var text = new StringBuilder();
        RunnerMetrics.Family(text, "neuron_runner_pool_containers", "gauge", "Sandbox containers by language and state.");
        foreach (var (language, pool) in pools.Pools.OrderBy(p => p.Key))
        {
            var s = pool.State;
            RunnerMetrics.Line(text, "neuron_runner_pool_containers", $"language=\"{language}\",state=\"idle\"", s.Idle);
            RunnerMetrics.Line(text, "neuron_runner_pool_containers", $"language=\"{language}\",state=\"busy\"", s.Busy);
            RunnerMetrics.Line(text, "neuron_runner_pool_containers", $"language=\"{language}\",state=\"starting\"", s.Starting);
        }
        RunnerMetrics.Family(text, "neuron_runner_runs_in_flight", "gauge", "Runs executing now, waiting now, and the peak since start.");
        RunnerMetrics.Line(text, "neuron_runner_runs_in_flight", "state=\"running\"", admission.Running);
        RunnerMetrics.Line(text, "neuron_runner_runs_in_flight", "state=\"waiting\"", admission.Waiting);
        RunnerMetrics.Line(text, "neuron_runner_runs_in_flight", "state=\"peak_running\"", admission.PeakRunning);
        metrics.Render(text);
        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }
}
