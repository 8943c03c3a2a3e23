using Microsoft.Extensions.Options;
using Neuron.Functions.Burst;
using Neuron.Functions.Callers;
using Neuron.Functions.Cors;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Health;
using Neuron.Functions.Hosting;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Keys;
using Neuron.Functions.Languages;
using Neuron.Functions.Quotas;
using Neuron.Functions.RateLimiting;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Functions.Sessions;
using Neuron.Functions.Storage;
using Neuron.Functions.Usage;
using Neuron.Functions.Web;
using Neuron.Runner.Contracts;

namespace Neuron.Functions;

/// <summary>All of the app's service registration and endpoint mapping.</summary>
public static class Extensions
{
    public static WebApplicationBuilder AddNeuronFunctions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var mode = HostingMode.From(configuration);
        services.AddSingleton(mode);
        services.TryAddSingletonTimeProvider();

        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Configure(o =>
            {
                o.ConnectionString ??= configuration["AzureWebJobsStorage"];
                var identity = configuration.GetSection("AzureWebJobsStorage");
                o.AccountName ??= identity["accountName"];
                o.BlobServiceUri ??= Uri(identity["blobServiceUri"]);
                o.QueueServiceUri ??= Uri(identity["queueServiceUri"]);
                o.TableServiceUri ??= Uri(identity["tableServiceUri"]);
            })
            .ValidateDataAnnotations()
            .Validate(o => o.IsConfigured, "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName (identity-based).")
            .ValidateOnStart();
        services.AddOptions<RunnerOptions>().Bind(configuration.GetSection(RunnerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RunsOptions>().Bind(configuration.GetSection(RunsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection(DispatchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeysOptions>().Bind(configuration.GetSection(KeysOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.AdminKeyIsValid, $"Keys:AdminKey must be at least {KeysOptions.MinAdminKeyLength} characters (or empty: no admin API).")
            .Validate(o => o.PublicOriginIsValid, "Keys:PublicOrigin must be an origin: scheme://host[:port] with http or https, no path.")
            .ValidateOnStart();
        services.AddOptions<IdempotencyOptions>().Bind(configuration.GetSection(IdempotencyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RunSessionOptions>().Bind(configuration.GetSection(RunSessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.ServeStaleForMs >= o.FreshForMs, "Health:ServeStaleForMs must be at least Health:FreshForMs.")
            .ValidateOnStart();
        services.AddOptions<QueueOptions>()
            .Configure(o => HostJson.ApplyQueueSettings(o, HostJson.DefaultPath))
            .Bind(configuration.GetSection(QueueOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FunctionsJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<Http.StorageExceptionHandler>();
        services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Neuron";
            document.Info.Description = "Run untrusted code: submit a run, poll its result.";
            return Task.CompletedTask;
        }));

        services.AddSingleton<StorageClients>();
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunLifecycle>();
        services.AddSingleton<IRunActivity>(sp => sp.GetRequiredService<RunLifecycle>());
        services.AddSingleton<RunQueue>();
        services.AddSingleton<RunNotifier>();
        services.AddSingleton<RunWaiter>();
        services.AddSingleton<RunValidator>();
        services.AddSingleton<RunSubmitter>();
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<SessionGate>();
        services.AddSingleton<TableRateLimiter>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<ICallerResolver, KeyCallerResolver>();
        services.AddSingleton<DailyRunQuota>();
        services.AddSingleton<InFlightRuns>();
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<LanguageCatalog>();
        services.AddSingleton<RunDispatcher>();
        services.AddSingleton<RunnerRouter>();
        services.AddSingleton<RunnerDirectory>();
        services.AddSingleton<IBurstRunnerPublisher>(sp => sp.GetRequiredService<RunnerDirectory>());
        services.AddSingleton<PoisonedRunHandler>();
        services.AddSingleton<RunSweeper>();
        // Azure-only (ARM); under the Functions host its timer is ScaleBurstCapacity, local mode has no such timer.
        services.AddBurstCapacity(configuration);
        services.AddSingleton<HealthProbe>();
        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<WebAssets>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<QueueSignal>();

        services.AddHttpClient<RunnerClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<RunnerOptions>>().Value;
                http.BaseAddress = o.Url;
                http.Timeout = Timeout.InfiniteTimeSpan; // bounded per call
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.ConnectTimeoutSeconds),
            })
            .AddHttpMessageHandler(sp => new SigningHandler(
                System.Text.Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.Secret),
                sp.GetRequiredService<TimeProvider>()));

        services.AddHostedService<StorageWarmup>();
        services.AddSingleton<LanguageRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<LanguageRefresher>());
        if (!mode.UnderFunctionsHost)
            services.AddLocalTriggers();
        return builder;
    }

    /// <summary>Local mode: the queue listeners and the sweeper timer the Functions host would otherwise run.</summary>
    private static void AddLocalTriggers(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => LocalListener(sp, c => c.RunsQueue, c => c.PoisonQueue, signal: true,
            (invoker, trigger, ct) => invoker.DispatchRunAsync(trigger, ct)));
        services.AddSingleton<IHostedService>(sp => LocalListener(sp, c => c.PoisonQueue, c => c.Queues.GetQueueClient(c.PoisonQueue.Name + "-poison"), signal: false,
            (invoker, trigger, ct) => invoker.FailPoisonedRunAsync(trigger, ct)));
        services.AddSingleton<IHostedService>(sp =>
        {
            var enabled = sp.GetRequiredService<IOptions<QueueOptions>>().Value.LocalTriggersEnabled;
            var period = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<DispatchOptions>>().Value.SweepIntervalSeconds);
            var invoker = sp.GetRequiredService<FunctionInvoker>();
            return enabled
                ? new LocalTimer(FunctionNames.SweepRuns, period, invoker.SweepRunsAsync, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LocalTimer>>())
                : new NoopService();
        });
    }

    private static IHostedService LocalListener(IServiceProvider sp, Func<StorageClients, Azure.Storage.Queues.QueueClient> queue,
        Func<StorageClients, Azure.Storage.Queues.QueueClient> poison, bool signal, Func<FunctionInvoker, QueueTrigger, CancellationToken, Task<string>> function)
    {
        var options = sp.GetRequiredService<IOptions<QueueOptions>>().Value;
        if (!options.LocalTriggersEnabled)
            return new NoopService();
        var clients = sp.GetRequiredService<StorageClients>();
        var invoker = sp.GetRequiredService<FunctionInvoker>();
        return new LocalQueueListener(queue(clients), poison(clients), (t, ct) => function(invoker, t, ct), options,
            signal ? sp.GetRequiredService<QueueSignal>() : null, sp.GetRequiredService<ILogger<LocalQueueListener>>());
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);

    public static WebApplication MapNeuronFunctions(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<CorsMiddleware>();
        app.MapRunsApi();
        app.MapAdminKeysApi();
        app.MapUsageApi();
        app.MapLanguagesApi();
        app.MapHealthApi();
        app.MapOpenApi("/api/openapi.json");
        app.MapWebApi();
        if (app.Services.GetRequiredService<HostingMode>().UnderFunctionsHost)
            app.MapInvocationApi();
        return app;
    }

    private sealed class NoopService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
