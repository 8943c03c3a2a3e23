using Neuron.Functions.Languages;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// Neuron's languages as Piston runtimes, and Piston's way of choosing one: the language's name or an alias, then the
/// highest version that satisfies the requested semver range. A runtime is named by the Neuron language id, except
/// where Piston's own name differs (<c>c++</c>); the id is then one of its aliases.
/// </summary>
public sealed class PistonRuntimes(LanguageCatalog catalog)
{
    /// <summary>Piston's language names where they differ from Neuron's ids.</summary>
    private static readonly Dictionary<string, string> PistonNames = new(StringComparer.Ordinal) { ["cpp"] = "c++" };

    public sealed record Match(LanguageInfo Language, PistonRuntime Runtime);

    public IReadOnlyList<PistonRuntime> All() => catalog.All.Select(Describe).ToList();

    /// <summary>The runtime Piston would pick for <paramref name="language"/> and <paramref name="versionRange"/>, or null.</summary>
    public Match? Find(string language, string versionRange) => Find(catalog.All, language, versionRange);

    public static Match? Find(IReadOnlyList<LanguageInfo> languages, string language, string versionRange)
    {
        if (!SemVersionRange.TryParse(versionRange, out var range))
            return null;
        return languages
            .Select(l => new Match(l, Describe(l)))
            .Where(m => Names(m).Contains(language, StringComparer.OrdinalIgnoreCase))
            .Select(m => (m, Version: SemVersion.FromRuntimeVersion(m.Language.Version)))
            .Where(x => range.IsSatisfiedBy(x.Version))
            // Highest version wins; among equal versions the catalog's order (OrderByDescending is stable).
            .OrderByDescending(x => x.Version)
            .Select(x => x.m)
            .FirstOrDefault();
    }

    /// <summary>The name a Piston client knows <paramref name="languageId"/> by.</summary>
    public static string NameOf(string languageId) => PistonNames.GetValueOrDefault(languageId, languageId);

    public static PistonRuntime Describe(LanguageInfo language)
    {
        var name = NameOf(language.Id);
        var aliases = new List<string>();
        if (name != language.Id)
            aliases.Add(language.Id);
        aliases.AddRange(language.Aliases.Where(a => !string.Equals(a, name, StringComparison.OrdinalIgnoreCase)));
        return new PistonRuntime(name, SemVersion.FromRuntimeVersion(language.Version).ToString(), aliases);
    }

    private static IEnumerable<string> Names(Match m) => m.Runtime.Aliases.Prepend(m.Runtime.Language);
}
