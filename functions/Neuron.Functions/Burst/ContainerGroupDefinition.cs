using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.ResourceManager.Models;
using Azure.ResourceManager.Resources;

namespace Neuron.Functions.Burst;

/// <summary>
/// The ARM body of one burst container group, in the burst subnet with a private IP only. ACI cannot run nested
/// Docker, so the group is the sandbox pool itself: one agent container in static isolation plus one container per
/// language from the sandbox images, the launcher as entrypoint, all sharing an emptyDir at /run/neuron where each
/// launcher binds its socket. User code gets no network from the launcher's seccomp filter (the group shares one
/// network namespace inside the VNet). The HMAC secret is a secure environment variable of the agent only.
/// </summary>
public static class ContainerGroupDefinition
{
    public const string ContainerName = "runner";
    public const string SandboxPrefix = "sandbox-";
    public const string SocketVolume = "launchers";
    public const string SocketMount = "/run/neuron";

    public static string SocketPath(string language) => $"{SocketMount}/{language}/launcher.sock";

    public static GenericResourceData Build(string name, DateTimeOffset now, BurstOptions options)
    {
        var port = new JsonObject { ["protocol"] = "TCP", ["port"] = options.RunnerPort };
        var containers = new JsonArray(Agent(name, options, port));
        foreach (var (language, image) in options.SandboxImages.OrderBy(i => i.Key, StringComparer.Ordinal))
            containers.Add(Sandbox(language, image, options));

        var properties = new JsonObject
        {
            ["sku"] = "Standard",
            ["osType"] = "Linux",
            // Always: a launcher that finds its container dirty exits, and the restart brings a clean one.
            ["restartPolicy"] = "Always",
            ["subnetIds"] = new JsonArray(new JsonObject { ["id"] = options.SubnetId }),
            ["ipAddress"] = new JsonObject { ["type"] = "Private", ["ports"] = new JsonArray(port) },
            ["containers"] = containers,
            ["volumes"] = new JsonArray(new JsonObject { ["name"] = SocketVolume, ["emptyDir"] = new JsonObject() }),
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

    private static JsonObject Agent(string name, BurstOptions options, JsonObject port)
    {
        var variables = new JsonArray(
            Variable("ASPNETCORE_URLS", $"http://0.0.0.0:{options.RunnerPort}"),
            Variable("Runner__InstanceId", name),
            Variable("Runner__Isolation", "static"),
            Variable("Runner__StaticMemoryMb", ((int)(options.SandboxMemoryInGb * 1024)).ToString(CultureInfo.InvariantCulture)),
            new JsonObject { ["name"] = "Runner__Secret", ["secureValue"] = options.RunnerSecret });
        foreach (var language in options.SandboxImages.Keys.Order(StringComparer.Ordinal))
            variables.Add(Variable($"Runner__StaticLaunchers__{language}", SocketPath(language)));
        return new JsonObject
        {
            ["name"] = ContainerName,
            ["properties"] = new JsonObject
            {
                ["image"] = options.Image,
                ["ports"] = new JsonArray(port.DeepClone()),
                ["resources"] = Resources(options.AgentCpuCores, options.AgentMemoryInGb),
                ["environmentVariables"] = variables,
                ["volumeMounts"] = SocketVolumeMount(),
                ["readinessProbe"] = Probe(options.RunnerPort, initialDelaySeconds: 5),
                // /healthz turns 503 for good once a launcher was found dirty: the restart starts a fresh agent.
                ["livenessProbe"] = Probe(options.RunnerPort, initialDelaySeconds: 60),
            },
        };
    }

    private static JsonObject Sandbox(string language, string image, BurstOptions options) => new()
    {
        ["name"] = SandboxPrefix + language,
        ["properties"] = new JsonObject
        {
            ["image"] = image,
            ["resources"] = Resources(options.SandboxCpuCores, options.SandboxMemoryInGb),
            ["environmentVariables"] = new JsonArray(
                Variable("NEURON_LAUNCHER_SOCKET", SocketPath(language)),
                Variable("NEURON_LAUNCHER_EXIT_WHEN_DIRTY", "1")),
            ["volumeMounts"] = SocketVolumeMount(),
        },
    };

    private static JsonObject Resources(double cpu, double memoryInGb) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = cpu, ["memoryInGB"] = memoryInGb },
    };

    private static JsonArray SocketVolumeMount() => new(new JsonObject { ["name"] = SocketVolume, ["mountPath"] = SocketMount });

    private static JsonObject Variable(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject Probe(int port, int initialDelaySeconds) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = port, ["scheme"] = "http" },
        ["initialDelaySeconds"] = initialDelaySeconds,
        ["periodSeconds"] = 5,
        ["failureThreshold"] = 3,
    };
}
