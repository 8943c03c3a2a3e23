namespace Neuron.Functions.Dispatch;

public static class DispatchExtensions
{
    /// <summary>Taking queued runs to a runner, recovering stuck ones, failing poisoned ones.</summary>
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<DispatchOptions>(DispatchOptions.Section);
        var services = builder.Services;
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<PoisonedRunHandler>();
        services.AddSingleton<RunSweeper>();
        return builder;
    }
}
