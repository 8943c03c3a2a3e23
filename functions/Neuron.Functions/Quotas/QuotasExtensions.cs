namespace Neuron.Functions.Quotas;

public static class QuotasExtensions
{
    /// <summary>A key's daily run quota and its limit on runs in flight.</summary>
    public static IHostApplicationBuilder AddQuotas(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DailyRunQuota>();
        builder.Services.AddSingleton<InFlightRuns>();
        return builder;
    }
}
