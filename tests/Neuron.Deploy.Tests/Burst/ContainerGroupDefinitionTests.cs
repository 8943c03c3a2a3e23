using System.Text.Json.Nodes;
using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>The multi-container group ACI runs: the agent in static mode beside one launcher container per language.</summary>
public sealed class ContainerGroupDefinitionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static JsonNode Properties(BurstOptions options) =>
        JsonNode.Parse(ContainerGroupDefinition.Build("neuron-burst-1", Now, options).Properties.ToString())!;

    private static Dictionary<string, JsonNode> Containers(JsonNode properties) =>
        properties["containers"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!["properties"]!);

    private static Dictionary<string, JsonNode> Variables(JsonNode container) =>
        container["environmentVariables"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);

    [Fact]
    public void Group_IsTheAgentPlusOneSandboxPerLanguage_FromTheConfiguredImages()
    {
        var options = BurstTestOptions.Create();

        var containers = Containers(Properties(options));

        Assert.Equal(["runner", "sandbox-c", "sandbox-java", "sandbox-python"], containers.Keys.Order());
        Assert.Equal(options.Image, (string?)containers["runner"]["image"]);
        foreach (var (language, image) in options.SandboxImages)
            Assert.Equal(image, (string?)containers["sandbox-" + language]["image"]);
    }

    [Fact]
    public void EveryContainer_MountsTheSharedEmptyDir_AtRunNeuron()
    {
        var properties = Properties(BurstTestOptions.Create());

        var volume = Assert.Single(properties["volumes"]!.AsArray())!;
        Assert.Equal("launchers", (string?)volume["name"]);
        Assert.NotNull(volume["emptyDir"]);
        Assert.All(Containers(properties).Values, c =>
        {
            var mount = Assert.Single(c["volumeMounts"]!.AsArray())!;
            Assert.Equal("launchers", (string?)mount["name"]);
            Assert.Equal("/run/neuron", (string?)mount["mountPath"]);
        });
    }

    [Fact]
    public void Agent_IsStatic_WithOneLauncherSocketPerLanguage_WhereEachSandboxBindsIt()
    {
        var containers = Containers(Properties(BurstTestOptions.Create()));
        var agent = Variables(containers["runner"]);

        Assert.Equal("static", (string?)agent["Runner__Isolation"]["value"]);
        foreach (var language in new[] { "python", "java", "c" })
        {
            var socket = $"/run/neuron/{language}/launcher.sock";
            Assert.Equal(socket, (string?)agent[$"Runner__StaticLaunchers__{language}"]["value"]);
            var sandbox = Variables(containers["sandbox-" + language]);
            Assert.Equal(socket, (string?)sandbox["NEURON_LAUNCHER_SOCKET"]["value"]);
            Assert.Equal("1", (string?)sandbox["NEURON_LAUNCHER_EXIT_WHEN_DIRTY"]["value"]);
        }
    }

    [Fact]
    public void Resources_GiveTheAgentItsShare_AndSplitTheRestEvenly_WithTheSandboxMemoryAsTheAgentsCeiling()
    {
        var options = BurstTestOptions.Create();
        options.CpuCores = 2;
        options.MemoryInGb = 4;

        var containers = Containers(Properties(options));

        Assert.Equal(0.5, (double)containers["runner"]["resources"]!["requests"]!["cpu"]!);
        Assert.Equal(0.5, (double)containers["runner"]["resources"]!["requests"]!["memoryInGB"]!);
        // (2 - 0.5) / 3 = 0.5 CPU; (4 - 0.5) / 3 = 1.166… GB, down to ACI's 0.1 GB step.
        Assert.All(containers.Where(c => c.Key != "runner"), c =>
        {
            Assert.Equal(0.5, (double)c.Value["resources"]!["requests"]!["cpu"]!);
            Assert.Equal(1.1, (double)c.Value["resources"]!["requests"]!["memoryInGB"]!);
        });
        Assert.Equal("1126", (string?)Variables(containers["runner"])["Runner__StaticMemoryMb"]["value"]);
        var sum = containers.Values.Sum(c => (double)c["resources"]!["requests"]!["memoryInGB"]!);
        Assert.True(sum <= options.MemoryInGb, $"the containers ask for {sum} GB of {options.MemoryInGb}");
    }

    [Fact]
    public void Secret_IsASecureValueOfTheAgentOnly_AndOnlyTheAgentHasAPortAndProbes()
    {
        var containers = Containers(Properties(BurstTestOptions.Create()));

        var secret = Variables(containers["runner"])["Runner__Secret"];
        Assert.Equal("test-hmac-secret", (string?)secret["secureValue"]);
        Assert.Null(secret["value"]);
        Assert.Equal("/healthz", (string?)containers["runner"]["livenessProbe"]!["httpGet"]!["path"]);
        Assert.Equal(5080, (int)containers["runner"]["ports"]![0]!["port"]!);
        Assert.All(containers.Where(c => c.Key != "runner").Select(c => c.Value), c =>
        {
            Assert.DoesNotContain(Variables(c).Keys, k => k.Contains("Secret", StringComparison.Ordinal));
            Assert.Null(c["ports"]);
        });
    }

    [Fact]
    public void Group_RestartsContainersThatExit_SoADirtyLauncherComesBackClean()
    {
        Assert.Equal("Always", (string?)Properties(BurstTestOptions.Create())["restartPolicy"]);
    }
}
