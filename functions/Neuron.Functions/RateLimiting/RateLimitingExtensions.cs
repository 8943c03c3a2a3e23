namespace Neuron.Functions.RateLimiting;

public static class RateLimitingExtensions
{
    /// <summary>Per-key token buckets in Table storage.</summary>
    public static IHostApplicationBuilder AddRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddSingleton<TableRateLimiter>();
        return builder;
    }
}
