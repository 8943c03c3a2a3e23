namespace Neuron.Functions.Usage;

public static class UsageExtensions
{
    /// <summary>Metering of final runs per key and day.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LedgerGate>();
        builder.Services.AddSingleton<LedgerRows>();
        builder.Services.AddSingleton<UsageMeter>();
        return builder;
    }
}
