using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;

namespace Neuron.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>What both hostings share: the function catalog, the HTTP pipeline, the queue settings of host.json.</summary>
    public static IHostApplicationBuilder AddFunctionHosting(this IHostApplicationBuilder builder, FunctionCatalog catalog)
    {
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton<HttpFunctionPipeline>();
        builder.Services.AddOptions<QueueOptions>()
            .Configure(o => HostJson.ApplyQueueSettings(o, HostJson.DefaultPath))
            .Bind(builder.Configuration.GetSection(QueueOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        if (!builder.Services.Any(d => d.ServiceType == typeof(TimeProvider)))
            builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>Under the Functions host: the worker's ASP.NET Core integration, with the HTTP pipeline as worker middleware.</summary>
    public static FunctionsApplicationBuilder UseFunctionsHost(this FunctionsApplicationBuilder builder)
    {
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<WorkerHttpMiddleware>();
        return builder;
    }
}
