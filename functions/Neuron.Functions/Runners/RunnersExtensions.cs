using Microsoft.Extensions.Options;
using Neuron.Functions.Burst;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

public static class RunnersExtensions
{
    /// <summary>Runners: the signed HTTP client, where they are (the scale set at its URL or registered in the runners table, burst runners on ACI), burst scaling.</summary>
    public static IHostApplicationBuilder AddRunners(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RunnerOptions>(RunnerOptions.Section);
        var services = builder.Services;
        services.AddSingleton<RunnerRouter>();
        // Every call names its runner (RunnerRouter chooses): the load balancer, a registered node or a burst group.
        services.AddHttpClient<RunnerClient>(http => http.Timeout = Timeout.InfiniteTimeSpan) // bounded per call
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.ConnectTimeoutSeconds),
            })
            .AddHttpMessageHandler(sp => new SigningHandler(
                System.Text.Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.Secret),
                sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RunnerDirectory>();
        services.AddSingleton<IBurstRunnerPublisher>(sp => sp.GetRequiredService<RunnerDirectory>());
        services.AddBurstCapacity(builder.Configuration);
        return builder;
    }
}
