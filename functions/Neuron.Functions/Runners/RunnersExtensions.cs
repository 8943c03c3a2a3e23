using Neuron.Functions.Burst;

namespace Neuron.Functions.Runners;

public static class RunnersExtensions
{
    /// <summary>Where runners are (the scale set, and burst runners on Azure Container Instances) and burst scaling.</summary>
    public static IHostApplicationBuilder AddRunners(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RunnerDirectory>();
        builder.Services.AddSingleton<IBurstRunnerPublisher>(sp => sp.GetRequiredService<RunnerDirectory>());
        builder.Services.AddBurstCapacity(builder.Configuration);
        return builder;
    }
}
