using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>The ARM JSON of main.bicep, compiled once per test run, with modules flattened.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public JsonNode Root { get; private set; } = new JsonObject();

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var compilation = await BicepCompiler.BuildOnceAsync(Path.Combine(RepoPaths.Bicep, "main.bicep"));
        Assert.True(compilation.ExitCode == 0, compilation.Output);
        Root = compilation.Template ?? throw new InvalidOperationException("bicep produced no template");
        Resources = Flatten(Root).ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private readonly Dictionary<string, IReadOnlyList<JsonObject>> deployed = new(StringComparer.Ordinal);

    /// <summary>
    /// The resources a deployment of main.bicep with this network profile (and otherwise the defaults) creates: conditions
    /// evaluated, module parameters passed down, properties evaluated as far as <see cref="ArmEvaluator"/> goes.
    /// </summary>
    public IReadOnlyList<JsonObject> Deployed(string networkProfile)
    {
        lock (deployed)
        {
            if (!deployed.TryGetValue(networkProfile, out var resources))
            {
                deployed[networkProfile] = resources = DeployedWith(networkProfile, new Dictionary<string, JsonNode?>());
            }

            return resources;
        }
    }

    /// <summary>As <see cref="Deployed"/>, with <paramref name="parameters"/> given as well (not cached).</summary>
    public IReadOnlyList<JsonObject> DeployedWith(string networkProfile, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var all = new Dictionary<string, JsonNode?>(parameters)
        {
            ["networkProfile"] = JsonValue.Create(networkProfile),
            ["location"] = JsonValue.Create("westeurope"),
            ["runnerAdminSshPublicKey"] = JsonValue.Create("ssh-rsa AAAAB3NzaC1yc2E test"),
        };
        return ArmEvaluator.Deployed(Root, all);
    }

    /// <summary>A Function App's app settings by name (a setting without a value as "").</summary>
    public static Dictionary<string, string> AppSettings(JsonObject site) =>
        site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .OfType<JsonObject>().ToDictionary(s => (string)s["name"]!, s => (string?)s["value"] ?? "");

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }

    public static string NameOf(JsonObject resource) => (string?)resource["name"] ?? "";

    /// <summary>The deployed resources of a type, with the profile's values (see <see cref="Deployed"/>).</summary>
    public IEnumerable<JsonObject> DeployedOfType(string networkProfile, string type) =>
        Deployed(networkProfile).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<JsonObject> Flatten(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
