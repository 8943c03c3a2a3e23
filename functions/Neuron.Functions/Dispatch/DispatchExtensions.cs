using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Dispatch;

public static class DispatchExtensions
{
    /// <summary>Taking queued runs to a runner (signed HTTP), recovering stuck ones, failing poisoned ones.</summary>
    public static IHostApplicationBuilder AddDispatch(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RunnerOptions>(RunnerOptions.Section);
        builder.AddValidatedOptions<DispatchOptions>(DispatchOptions.Section);
        var services = builder.Services;
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<RunnerRouter>();
        services.AddSingleton<PoisonedRunHandler>();
        services.AddSingleton<RunFinisher>();
        services.AddSingleton<RunSweeper>();
        services.AddHttpClient<RunnerClient>((sp, http) =>
            {
                http.BaseAddress = sp.GetRequiredService<IOptions<RunnerOptions>>().Value.Url;
                http.Timeout = Timeout.InfiniteTimeSpan; // bounded per call
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.ConnectTimeoutSeconds),
            })
            .AddHttpMessageHandler(sp => new SigningHandler(
                System.Text.Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.Secret),
                sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
