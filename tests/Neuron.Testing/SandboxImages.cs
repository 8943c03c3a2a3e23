using System.Text.Json;

namespace Neuron.Testing;

/// <summary>Each language's sandbox image as the shipped languages.json names it, its tag included: the one place tags are set.</summary>
public static class SandboxImages
{
    private static readonly Dictionary<string, string> Images = Load();

    public static string Of(string language) =>
        Images.TryGetValue(language, out var image) ? image : throw new ArgumentException($"languages.json has no language {language}", nameof(language));

    private static Dictionary<string, string> Load()
    {
        using var catalog = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "runner", "Neuron.Runner", "Languages", "languages.json")));
        return catalog.RootElement.EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!, l => l.GetProperty("image").GetString()!);
    }
}
