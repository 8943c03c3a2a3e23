using System.Text.Json.Nodes;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>The ARM JSON of main.bicep, compiled once per test run, with modules flattened.</summary>
public sealed class CompiledTemplate : IAsyncLifetime
{
    public JsonNode Root { get; private set; } = new JsonObject();

    /// <summary>Every resource of the template and of its nested module deployments.</summary>
    public IReadOnlyList<JsonObject> Resources { get; private set; } = [];

    /// <summary>The template (main or module) that declares each resource, for its variables.</summary>
    private readonly Dictionary<JsonObject, JsonNode> owners = new(ReferenceEqualityComparer.Instance);

    public async Task InitializeAsync()
    {
        var compilation = await BicepCompiler.BuildOnceAsync(Path.Combine(RepoPaths.Bicep, "main.bicep"));
        Assert.True(compilation.ExitCode == 0, compilation.Output);
        Root = compilation.Template ?? throw new InvalidOperationException("bicep produced no template");
        Resources = Flatten(Root).Select(pair =>
        {
            owners[pair.Resource] = pair.Template;
            return pair.Resource;
        }).ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject Single(string type)
    {
        var matches = OfType(type).ToList();
        Assert.True(matches.Count == 1, $"expected one {type}, found {matches.Count}");
        return matches[0];
    }

    /// <summary>
    /// A property that may be written as "[variables('x')]" or "[concat(variables('x'), variables('y'))]"
    /// in the compiled module: the literal JSON it stands for.
    /// </summary>
    public JsonArray ResolveArray(JsonObject resource, JsonNode? value)
    {
        switch (value)
        {
            case JsonArray array:
                return array;
            case JsonValue expression when expression.TryGetValue<string>(out var text):
                var variables = owners[resource]["variables"] ?? throw new InvalidOperationException("module has no variables");
                var result = new JsonArray();
                foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"variables\('(\w+)'\)"))
                {
                    foreach (var item in variables[match.Groups[1].Value]!.AsArray())
                    {
                        result.Add(item?.DeepClone());
                    }
                }

                return result;
            default:
                throw new InvalidOperationException($"cannot resolve {value}");
        }
    }

    public static string NameOf(JsonObject resource) => (string?)resource["name"] ?? "";

    private static IEnumerable<(JsonObject Resource, JsonNode Template)> Flatten(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject byName => byName.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return (resource, template);
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
