using Docker.DotNet;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Execution;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Registration;
using Neuron.Runner.Sandbox;
using Neuron.Runner.Security;

namespace Neuron.Runner;

/// <summary>Service registration and the request pipeline of the runner agent.</summary>
public static class RunnerExtensions
{
    public static WebApplicationBuilder AddRunner(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RunnerOptions>().Bind(builder.Configuration.GetSection(RunnerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<IOptions<RunnerOptions>>().Value.LanguagesFile;
            return LanguageCatalog.Load(Path.IsPathRooted(file) ? file : Path.Combine(AppContext.BaseDirectory, file));
        });
        services.AddSingleton<IDockerClient>(sp =>
            new DockerClientConfiguration(new Uri(sp.GetRequiredService<IOptions<RunnerOptions>>().Value.DockerEndpoint)).CreateClient());
        services.AddSingleton<ContainerFactory>();
        services.AddSingleton<StaticLauncherSource>();
        // The Docker client is only created (and Docker only reached) in docker mode.
        services.AddSingleton<ISandboxSource>(sp => sp.GetRequiredService<IOptions<RunnerOptions>>().Value.Isolation == SandboxIsolation.Static
            ? sp.GetRequiredService<StaticLauncherSource>()
            : sp.GetRequiredService<ContainerFactory>());
        services.AddSingleton<RunnerMetrics>();
        services.AddSingleton<PoolManager>();
        services.AddHostedService(sp => sp.GetRequiredService<PoolManager>());
        // After the pool manager: hosted services stop in reverse order, so the row goes before the pools do.
        services.AddOptions<RegistrationOptions>().Bind(builder.Configuration.GetSection(RegistrationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<RunnerHeartbeat>();
        services.AddSingleton<TenantShares>();
        services.AddSingleton<Admission>();
        services.AddSingleton<CompileCache>();
        services.AddSingleton<ExecuteValidator>();
        services.AddSingleton<Executor>();
        services.AddSingleton<RunDeduplicator>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RunnerJsonContext.Default));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        // Loopback unless told otherwise (ASPNETCORE_URLS, Urls, --urls). A default in appsettings.json would
        // override ASPNETCORE_URLS, which the scale set's unit and the ACI group set.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5080");
        // Stopping removes every container; give that time.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        return builder;
    }

    public static WebApplication UseRunner(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/v1"), v1 => v1.UseMiddleware<SignatureMiddleware>());
        app.MapExecuteApi();
        app.MapMetricsApi();
        return app;
    }
}
