using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>
/// The languages in force and where they came from (<see cref="Source"/>). Starts with <see cref="FallbackLanguages"/>
/// (source <see cref="LanguagesSource.None"/>); <see cref="LanguageRefresher"/> adopts the stored list and then the
/// runner's own. A failed refresh keeps the last known list.
/// </summary>
/// <remarks>
/// A cold instance's first request must not be served the built-in list just because the refresher has not had its
/// first answer yet: <see cref="ReadyAsync"/> waits, once and bounded, until the start-up is settled — a list known, or
/// nothing stored and no runner reached, which is then said plainly (<see cref="LanguagesSource.None"/>).
/// </remarks>
public sealed class LanguageCatalog(IOptions<LanguagesOptions> options, TimeProvider time)
{
    public const string UnknownVersion = "unknown";

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _waitedOnce;
    private volatile Snapshot _snapshot = Snapshot.Create(FallbackLanguages.All, LanguagesSource.None, null);

    public IReadOnlyList<LanguageInfo> All => _snapshot.Languages;

    /// <summary><see cref="LanguagesSource.Runner"/>, <see cref="LanguagesSource.Stored"/> or <see cref="LanguagesSource.None"/>.</summary>
    public string Source => _snapshot.Source;
    public bool FromRunner => Source == LanguagesSource.Runner;

    /// <summary>When the list in force was read from a runner (by this instance, or by the one that stored it); null for the built-in list.</summary>
    public DateTimeOffset? ReadAt => _snapshot.ReadAt;

    /// <summary>A runner's list with every version known (a runner still filling its pools says "unknown").</summary>
    public bool Complete => Source != LanguagesSource.None && _snapshot.Languages.All(l => l.Version != UnknownVersion);

    /// <summary>Finds a language by id or alias, case-insensitively.</summary>
    public LanguageInfo? Find(string idOrAlias) => _snapshot.ByName.GetValueOrDefault(idOrAlias.Trim());

    /// <summary>
    /// For the first need of a cold instance: waits until the start-up is settled, at most
    /// <see cref="LanguagesOptions.StoredReadTimeoutMs"/>, and only the first time (later callers never wait).
    /// </summary>
    public async ValueTask ReadyAsync(CancellationToken cancellationToken)
    {
        if (_settled.Task.IsCompleted || _waitedOnce)
            return;
        try
        {
            await _settled.Task.WaitAsync(TimeSpan.FromMilliseconds(options.Value.StoredReadTimeoutMs), time, cancellationToken);
        }
        catch (TimeoutException)
        {
            _waitedOnce = true;
        }
    }

    /// <summary>Takes the stored list, unless this instance already has a list; true when it did.</summary>
    public bool Adopt(StoredLanguages stored)
    {
        lock (_gate)
        {
            if (Source != LanguagesSource.None)
                return false;
            _snapshot = Snapshot.Create(stored.Languages, LanguagesSource.Stored, stored.PublishedAt);
        }
        _settled.TrySetResult();
        return true;
    }

    /// <summary>
    /// Takes the runner's list. A version the runner does not know yet (its pool for that language is still starting)
    /// keeps the one known before, so a restarting runner does not turn real versions back into "unknown".
    /// </summary>
    /// <returns>The list now in force, as it would be stored.</returns>
    public StoredLanguages Replace(IReadOnlyList<LanguageInfo> languages)
    {
        StoredLanguages current;
        lock (_gate)
        {
            var before = _snapshot.Source == LanguagesSource.None ? null : _snapshot.ByName;
            var merged = languages
                .Select(l => l.Version == UnknownVersion && before?.GetValueOrDefault(l.Id) is { Version: not UnknownVersion } known
                    ? l with { Version = known.Version }
                    : l)
                .ToList();
            var now = time.GetUtcNow();
            _snapshot = Snapshot.Create(merged, LanguagesSource.Runner, now);
            current = new StoredLanguages(merged, now);
        }
        _settled.TrySetResult();
        return current;
    }

    /// <summary>Nothing was stored and the runner did not answer: the start-up is settled on the built-in list.</summary>
    public void NoRunnerYet() => _settled.TrySetResult();

    private sealed record Snapshot(IReadOnlyList<LanguageInfo> Languages, Dictionary<string, LanguageInfo> ByName, string Source, DateTimeOffset? ReadAt)
    {
        public static Snapshot Create(IReadOnlyList<LanguageInfo> languages, string source, DateTimeOffset? readAt)
        {
            var byName = new Dictionary<string, LanguageInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var language in languages)
            {
                byName[language.Id] = language;
                foreach (var alias in language.Aliases)
                    byName.TryAdd(alias, language);
            }
            return new Snapshot(languages, byName, source, readAt);
        }
    }
}
