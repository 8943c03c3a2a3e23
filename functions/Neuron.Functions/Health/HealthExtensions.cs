namespace Neuron.Functions.Health;

public static class HealthExtensions
{
    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<HealthOptions>(HealthOptions.Section)
            .Validate(o => o.ServeStaleForMs >= o.FreshForMs, "Health:ServeStaleForMs must be at least Health:FreshForMs.");
        builder.Services.AddSingleton<HealthProbe>();
        builder.Services.AddSingleton<HealthMonitor>();
        return builder;
    }
}
