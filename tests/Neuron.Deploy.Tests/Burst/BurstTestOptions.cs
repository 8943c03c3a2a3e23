using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>A valid, enabled burst configuration for tests.</summary>
public static class BurstTestOptions
{
    public const string SubscriptionId = "00000000-0000-0000-0000-000000000001";
    public const string ResourceGroupName = "neuron-test";
    public const string ResourceGroupPath = $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroupName}";

    public static BurstOptions Create(Uri? armEndpoint = null) => new()
    {
        Enabled = true,
        SubscriptionId = SubscriptionId,
        ResourceGroupName = ResourceGroupName,
        Location = "westeurope",
        SubnetId = $"{ResourceGroupPath}/providers/Microsoft.Network/virtualNetworks/neuron-vnet/subnets/burst",
        Image = "neuronregistry.azurecr.io/neuron-runner/agent:3",
        SandboxImages = new Dictionary<string, string>
        {
            ["python"] = "neuronregistry.azurecr.io/neuron-sandbox/python:3",
            ["java"] = "neuronregistry.azurecr.io/neuron-sandbox/java:3",
            ["c"] = "neuronregistry.azurecr.io/neuron-sandbox/c:3",
        },
        RunnerSecret = "test-hmac-secret",
        ArmEndpoint = armEndpoint ?? new Uri("https://management.azure.com/"),
        ConflictBaseDelay = TimeSpan.FromMilliseconds(50),
    };
}
