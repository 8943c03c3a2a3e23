using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>
/// The runner's languages, cached. Starts with <see cref="FallbackLanguages"/> and switches to the runner's list on
/// the first successful refresh; a failed refresh keeps the last known list.
/// </summary>
public sealed class LanguageCatalog(TimeProvider time)
{
    private volatile Snapshot _snapshot = Snapshot.Create(FallbackLanguages.All, fromRunner: false, default);

    public IReadOnlyList<LanguageInfo> All => _snapshot.Languages;
    public bool FromRunner => _snapshot.FromRunner;
    public DateTimeOffset? RefreshedAt => _snapshot.FromRunner ? _snapshot.At : null;

    /// <summary>The runner's list with every version read from its image; a runner still filling its pools says "unknown".</summary>
    public bool Complete => _snapshot.FromRunner && _snapshot.Languages.All(l => l.Version != "unknown");

    /// <summary>Finds a language by id or alias, case-insensitively.</summary>
    public LanguageInfo? Find(string idOrAlias) => _snapshot.ByName.GetValueOrDefault(idOrAlias.Trim());

    public void Replace(IReadOnlyList<LanguageInfo> languages) =>
        _snapshot = Snapshot.Create(languages, fromRunner: true, time.GetUtcNow());

    private sealed record Snapshot(IReadOnlyList<LanguageInfo> Languages, Dictionary<string, LanguageInfo> ByName, bool FromRunner, DateTimeOffset At)
    {
        public static Snapshot Create(IReadOnlyList<LanguageInfo> languages, bool fromRunner, DateTimeOffset at)
        {
            var byName = new Dictionary<string, LanguageInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var language in languages)
            {
                byName[language.Id] = language;
                foreach (var alias in language.Aliases)
                    byName.TryAdd(alias, language);
            }
            return new Snapshot(languages, byName, fromRunner, at);
        }
    }
}
