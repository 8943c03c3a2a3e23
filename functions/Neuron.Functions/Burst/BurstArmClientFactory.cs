using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace Neuron.Functions.Burst;

/// <summary>
/// Builds the ArmClient the controller uses: api-versions pinned (no provider look-up
/// per call, no silent change of contract), throttling retried with backoff.
/// </summary>
public static class BurstArmClientFactory
{
    public const string ContainerGroupsApiVersion = "2023-05-01";
    public const string ScaleSetsApiVersion = "2024-07-01";

    public static readonly ResourceType ContainerGroupType = new("Microsoft.ContainerInstance/containerGroups");
    public static readonly ResourceType ScaleSetType = new("Microsoft.Compute/virtualMachineScaleSets");

    public static ArmClient Create(BurstOptions options, TokenCredential credential, HttpPipelineTransport? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var armOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(options.ArmEndpoint, ArmEnvironment.AzurePublicCloud.Audience),
        };
        armOptions.SetApiVersion(ContainerGroupType, ContainerGroupsApiVersion);
        armOptions.SetApiVersion(ScaleSetType, ScaleSetsApiVersion);
        armOptions.Retry.Mode = RetryMode.Exponential;
        armOptions.Retry.MaxRetries = 5;
        armOptions.Retry.Delay = TimeSpan.FromSeconds(1);
        armOptions.Retry.MaxDelay = TimeSpan.FromSeconds(30);
        armOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        if (transport is not null)
        {
            armOptions.Transport = transport;
        }

        return new ArmClient(credential, options.SubscriptionId, armOptions);
    }
}
