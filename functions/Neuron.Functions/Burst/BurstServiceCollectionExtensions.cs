using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>Registration of burst capacity; the timer function calls <see cref="BurstController.RunAsync"/>.</summary>
public static class BurstServiceCollectionExtensions
{
    /// <summary>The ArmClient of the controller, keyed so it never collides with another registration.</summary>
    public const string ArmClientKey = "burst";

    public static IServiceCollection AddBurstCapacity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<BurstOptions>()
            .Bind(configuration.GetSection(BurstOptions.SectionName))
            .PostConfigure(o =>
            {
                if (string.IsNullOrEmpty(o.RunnerSecret))
                {
                    o.RunnerSecret = configuration["Runner:Secret"] ?? "";
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BurstOptions>, BurstOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        services.AddKeyedSingleton(ArmClientKey, (sp, _) =>
            BurstArmClientFactory.Create(sp.GetRequiredService<IOptions<BurstOptions>>().Value, sp.GetRequiredService<TokenCredential>()));
        services.AddSingleton<ArmConflictRetry>();
        services.AddSingleton<IContainerGroupClient>(sp => new ContainerGroupArmClient(
            sp.GetRequiredKeyedService<ArmClient>(ArmClientKey),
            sp.GetRequiredService<IOptions<BurstOptions>>(),
            sp.GetRequiredService<ArmConflictRetry>(),
            sp.GetRequiredService<ILogger<ContainerGroupArmClient>>()));
        services.AddSingleton<IRunnerCapacityProbe>(sp => new ScaleSetCapacityProbe(
            sp.GetRequiredKeyedService<ArmClient>(ArmClientKey),
            sp.GetRequiredService<IOptions<BurstOptions>>()));
        services.AddSingleton<IQueueDepthProbe>(sp => new QueueDepthProbe(new Lazy<Azure.Storage.Queues.QueueClient>(() => QueueDepthProbe.CreateQueueClient(
            sp.GetRequiredService<IOptions<BurstOptions>>().Value, configuration, sp.GetRequiredService<TokenCredential>()))));
        services.AddSingleton<BurstController>();
        return services;
    }
}
