using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Local mode's queue listeners and timers: one per queue- or timer-triggered function of the <see cref="FunctionCatalog"/>.
/// Queues are those of the <c>AzureWebJobsStorage</c> connection (the only one this app uses), named with
/// <see cref="StorageOptions.NamePrefix"/> in front (empty under the host; tests isolate themselves with it). A timer's schedule
/// can be replaced with <c>Timers:{Function}</c> (an NCRONTAB expression, or <c>off</c>), which tests use.
/// </summary>
public static class LocalTriggers
{
    public const string TimersSection = "Timers";
    public const string Off = "off";

    public static IHostApplicationBuilder AddLocalTriggers(this IHostApplicationBuilder builder, FunctionCatalog catalog)
    {
        var services = builder.Services;
        foreach (var (function, trigger) in catalog.Queues)
        {
            if (trigger.Connection != StorageOptions.Connection)
                throw new InvalidOperationException($"Function {function.Name}: local mode knows only the {StorageOptions.Connection} connection, not {trigger.Connection}.");
            services.AddSingleton<IHostedService>(sp => Listener(sp, function, trigger));
        }
        foreach (var (function, trigger) in catalog.Timers)
            services.AddSingleton<IHostedService>(sp => Timer(sp, function, trigger));
        return builder;
    }

    private static IHostedService Listener(IServiceProvider sp, FunctionDescriptor function, QueueFunctionTrigger trigger)
    {
        var options = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
        if (!options.LocalTriggersEnabled)
            return new NoTrigger();
        var clients = sp.GetRequiredService<StorageClients>();
        var prefix = sp.GetRequiredService<IOptions<StorageOptions>>().Value.NamePrefix;
        var queues = clients.Queues;
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        var signal = sp.GetRequiredService<QueueSignal>();
        return new LocalQueueListener(queues.GetQueueClient(prefix + trigger.QueueName), queues.GetQueueClient(prefix + trigger.PoisonQueueName),
            async (message, ct) =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await LocalInvoker.InvokeAsync(function, scope.ServiceProvider, p => BindQueue(function, p, message), ct);
            },
            options, prefix + trigger.QueueName == clients.RunsQueue.Name ? signal : null, sp.GetRequiredService<ILogger<LocalQueueListener>>());
    }

    private static IHostedService Timer(IServiceProvider sp, FunctionDescriptor function, TimerFunctionTrigger trigger)
    {
        var configured = sp.GetRequiredService<IConfiguration>()[$"{TimersSection}:{function.Name}"];
        if (!sp.GetRequiredService<IOptions<QueueOptions>>().Value.LocalTriggersEnabled || string.Equals(configured, Off, StringComparison.OrdinalIgnoreCase))
            return new NoTrigger();
        var scopes = sp.GetRequiredService<IServiceScopeFactory>();
        return new LocalTimer(function.Name, LocalTimer.Parse(configured ?? trigger.Schedule),
            async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                await LocalInvoker.InvokeAsync(function, scope.ServiceProvider, p => BindTimer(function, p), ct);
            },
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LocalTimer>>());
    }

    private static object BindQueue(FunctionDescriptor function, System.Reflection.ParameterInfo parameter, QueueMessage message) =>
        parameter.ParameterType == typeof(QueueMessage) ? message
        : parameter.ParameterType == typeof(string) ? message.MessageText
        : throw new InvalidOperationException($"Function {function.Name}: local mode cannot bind parameter '{parameter.Name}'.");

    private static object BindTimer(FunctionDescriptor function, System.Reflection.ParameterInfo parameter) =>
        parameter.ParameterType == typeof(TimerInfo) ? new TimerInfo()
        : throw new InvalidOperationException($"Function {function.Name}: local mode cannot bind parameter '{parameter.Name}'.");

    private sealed class NoTrigger : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
