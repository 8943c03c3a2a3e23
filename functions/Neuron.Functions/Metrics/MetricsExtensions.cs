namespace Neuron.Functions.Metrics;

public static class MetricsExtensions
{
    /// <summary>The app's own counters (storage operations, runs metered) and <c>GET /api/metrics</c>.</summary>
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AppMetrics>();
        return builder;
    }
}
