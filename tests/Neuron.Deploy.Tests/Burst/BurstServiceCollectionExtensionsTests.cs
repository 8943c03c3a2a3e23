using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

public sealed class BurstServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddBurstCapacity(configuration);
        // The app registers the table-backed directory (Runners/RunnerDirectory) beside burst capacity.
        services.AddSingleton<IBurstRunnerPublisher, PublishedRunners>();
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> EnabledSettings() => new()
    {
        ["Burst:Enabled"] = "true",
        ["Burst:SubscriptionId"] = BurstTestOptions.SubscriptionId,
        ["Burst:ResourceGroupName"] = BurstTestOptions.ResourceGroupName,
        ["Burst:Location"] = "westeurope",
        ["Burst:SubnetId"] = "/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v/subnets/burst",
        ["Burst:Image"] = "neuron.azurecr.io/runner:1",
        ["Burst:SandboxImages:python"] = "neuron.azurecr.io/neuron-sandbox/python:3",
        ["Burst:IdleTimeout"] = "00:15:00",
        ["Runner:Secret"] = "secret-from-key-vault",
        ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
    };

    [Fact]
    public void AddBurstCapacity_ResolvesTheController_WithTheRunnerSecretAndSettingsBound()
    {
        using var provider = Build(EnabledSettings());

        Assert.NotNull(provider.GetRequiredService<BurstController>());
        var options = provider.GetRequiredService<IOptions<BurstOptions>>().Value;
        Assert.Equal("secret-from-key-vault", options.RunnerSecret);
        Assert.Equal(TimeSpan.FromMinutes(15), options.IdleTimeout);
    }

    [Fact]
    public async Task QueueDepthProbe_ReportsAMissingStorageConfiguration_WhenFirstUsed()
    {
        var settings = EnabledSettings();
        settings.Remove("AzureWebJobsStorage");
        using var provider = Build(settings);
        var probe = provider.GetRequiredService<IQueueDepthProbe>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => probe.GetDepthAsync(CancellationToken.None));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBurstCapacity_ResolvesWithoutAzureSettings_WhenDisabled()
    {
        using var provider = Build([]);

        Assert.NotNull(provider.GetRequiredService<BurstController>());
        Assert.False(provider.GetRequiredService<IOptions<BurstOptions>>().Value.Enabled);
    }

    [Fact]
    public void AddBurstCapacity_RejectsAnEnabledConfigurationWithoutAnImage()
    {
        var settings = EnabledSettings();
        settings.Remove("Burst:Image");
        using var provider = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BurstOptions>>().Value);
        Assert.Contains("Burst:Image", error.Message, StringComparison.Ordinal);
    }
}
