using Neuron.Functions.Sessions;

namespace Neuron.Functions.Runs;

public static class RunsExtensions
{
    /// <summary>Submitting, storing, queueing and awaiting runs; <see cref="RunLifecycle"/> owns every write to one.</summary>
    public static IHostApplicationBuilder AddRuns(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RunsOptions>(RunsOptions.Section);
        var services = builder.Services;
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<IRunActivity>(sp => sp.GetRequiredService<RunLifecycle>());
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunNotifier>();
        services.AddSingleton<RunWaiter>();
        services.AddSingleton<RunValidator>();
        services.AddSingleton<RunSubmitter>();
        services.AddSingleton<RunIntake>();
        return builder;
    }
}
