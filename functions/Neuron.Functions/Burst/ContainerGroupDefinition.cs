using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager.Models;
using Azure.ResourceManager.Resources;

namespace Neuron.Functions.Burst;

/// <summary>
/// The ARM body of one burst container group: the runner agent image, in the burst
/// subnet with a private IP only, told to isolate runs without Docker
/// (Runner__Isolation), with the HMAC secret as a secure environment variable.
/// </summary>
public static class ContainerGroupDefinition
{
    public const string ContainerName = "runner";

    public static GenericResourceData Build(string name, DateTimeOffset now, BurstOptions options)
    {
        var port = new JsonObject { ["protocol"] = "TCP", ["port"] = options.RunnerPort };
        var container = new JsonObject
        {
            ["name"] = ContainerName,
            ["properties"] = new JsonObject
            {
                ["image"] = options.Image,
                ["ports"] = new JsonArray(port.DeepClone()),
                ["resources"] = new JsonObject
                {
                    ["requests"] = new JsonObject { ["cpu"] = options.CpuCores, ["memoryInGB"] = options.MemoryInGb },
                },
                ["environmentVariables"] = new JsonArray(
                    Variable("ASPNETCORE_URLS", $"http://0.0.0.0:{options.RunnerPort}"),
                    Variable("Runner__InstanceId", name),
                    Variable("Runner__Isolation", options.RunnerIsolation),
                    new JsonObject { ["name"] = "Runner__Secret", ["secureValue"] = options.RunnerSecret }),
                ["readinessProbe"] = Probe(options.RunnerPort, initialDelaySeconds: 5),
                ["livenessProbe"] = Probe(options.RunnerPort, initialDelaySeconds: 60),
            },
        };

        var properties = new JsonObject
        {
            ["sku"] = "Standard",
            ["osType"] = "Linux",
            ["restartPolicy"] = "Always",
            ["subnetIds"] = new JsonArray(new JsonObject { ["id"] = options.SubnetId }),
            ["ipAddress"] = new JsonObject { ["type"] = "Private", ["ports"] = new JsonArray(port) },
            ["containers"] = new JsonArray(container),
        };

        var pullsWithIdentity = !string.IsNullOrEmpty(options.RegistryServer) && !string.IsNullOrEmpty(options.RegistryIdentityResourceId);
        if (pullsWithIdentity)
        {
            properties["imageRegistryCredentials"] = new JsonArray(new JsonObject
            {
                ["server"] = options.RegistryServer,
                ["identity"] = options.RegistryIdentityResourceId,
            });
        }

        var data = new GenericResourceData(new AzureLocation(options.Location))
        {
            Properties = BinaryData.FromString(properties.ToJsonString()),
        };

        if (pullsWithIdentity)
        {
            data.Identity = new ManagedServiceIdentity(ManagedServiceIdentityType.UserAssigned);
            data.Identity.UserAssignedIdentities.Add(new ResourceIdentifier(options.RegistryIdentityResourceId!), new UserAssignedIdentity());
        }

        foreach (var tag in BurstTags.For(options.GroupNamePrefix, now, lastDemandAt: now))
        {
            data.Tags.Add(tag.Key, tag.Value);
        }

        return data;
    }

    private static JsonObject Variable(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Probe(int port, int initialDelaySeconds) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = port, ["scheme"] = "http" },
        ["initialDelaySeconds"] = initialDelaySeconds,
        ["periodSeconds"] = 5,
        ["failureThreshold"] = 3,
    };
}
