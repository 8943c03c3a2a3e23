using System.Collections.Frozen;
using System.Text.Json;

namespace Neuron.Runner.Languages;

/// <summary>The languages this runner serves, loaded once from languages.json; lookups accept aliases.</summary>
public sealed class LanguageCatalog
{
    private readonly FrozenDictionary<string, Language> _byName;

    public LanguageCatalog(IReadOnlyList<Language> languages)
    {
        All = languages;
        var names = new Dictionary<string, Language>(StringComparer.OrdinalIgnoreCase);
        foreach (var language in languages)
            foreach (var name in language.Aliases.Prepend(language.Id))
                if (!names.TryAdd(name, language))
                    throw new InvalidOperationException($"Language name '{name}' is defined twice");
        _byName = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Language> All { get; }

    public bool TryFind(string name, out Language language) => _byName.TryGetValue(name, out language!);

    public static LanguageCatalog Load(string path)
    {
        using var stream = File.OpenRead(path);
        var languages = JsonSerializer.Deserialize(stream, RunnerInternalJsonContext.Default.ListLanguage)
            ?? throw new InvalidOperationException($"{path} holds no languages");
        var warmScripts = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "Warm");
        foreach (var language in languages)
            if (language.EntryPointRule is { } rule && !EntryPoints.Rules.Contains(rule))
                throw new InvalidOperationException($"{path}: {language.Id} has entryPoint '{rule}'; known: {string.Join(", ", EntryPoints.Rules)}");
        return new LanguageCatalog([.. languages.Select(l => l.Warm is { } warm
            ? l.Loaded() with { WarmCommand = warm.Bootstrap is null ? warm.Command : [.. warm.Command, File.ReadAllText(Path.Combine(warmScripts, warm.Bootstrap))] }
            : l.Loaded())]);
    }
}
