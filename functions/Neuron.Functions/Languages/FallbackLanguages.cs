using System.Text.Json;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>
/// The languages accepted while the runner has never answered <c>/v1/languages</c> (for instance when the app starts
/// before the runner). Submissions are accepted and wait in the queue rather than being refused; the version reads
/// "unknown" until the runner's own list replaces this one. Read from the runner's languages.json, embedded in the
/// app at build time, so the two lists cannot drift apart.
/// </summary>
public static class FallbackLanguages
{
    public static readonly IReadOnlyList<LanguageInfo> All = Load();

    private static List<LanguageInfo> Load()
    {
        using var stream = typeof(FallbackLanguages).Assembly.GetManifestResourceStream("Languages/languages.json")
            ?? throw new InvalidOperationException("languages.json is not embedded in the app");
        using var document = JsonDocument.Parse(stream);
        static LimitSet Limits(JsonElement e) =>
            new(e.GetProperty("timeMs").GetInt32(), e.GetProperty("memoryMb").GetInt32(), e.GetProperty("outputKb").GetInt32());
        return [.. document.RootElement.EnumerateArray().Select(l => new LanguageInfo(
            l.GetProperty("id").GetString()!,
            l.GetProperty("name").GetString()!,
            "unknown",
            [.. l.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()!)],
            l.TryGetProperty("compile", out var compile) && compile.GetArrayLength() > 0,
            l.GetProperty("fileName").GetString()!,
            Limits(l.GetProperty("defaultLimits")),
            Limits(l.GetProperty("maxLimits"))))];
    }
}
