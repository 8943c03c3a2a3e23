using System.Text.RegularExpressions;
using Neuron.Functions.Languages;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>The catalog's languages under their Judge0 ids (<see cref="Judge0LanguageIds"/>), named as Judge0 names them: <c>Python (3.11.2)</c>, <c>C++17 (GCC 12.2.0)</c>.</summary>
public sealed partial class Judge0Languages(LanguageCatalog catalog)
{
    public sealed record Entry(int Id, LanguageInfo Language)
    {
        public string Name => NameOf(Language);
    }

    public Task ReadyAsync(CancellationToken cancellationToken) => catalog.ReadyAsync(cancellationToken).AsTask();

    public IReadOnlyList<Entry> All() => catalog.All
        .Where(l => Judge0LanguageIds.ByNeuronId.ContainsKey(l.Id))
        .Select(l => new Entry(Judge0LanguageIds.ByNeuronId[l.Id], l))
        .OrderBy(e => e.Id)
        .ToList();

    public Entry? Find(int judge0Id) => All().FirstOrDefault(e => e.Id == judge0Id);

    /// <summary>The Judge0 id of a Neuron language, whether or not the catalog serves it now.</summary>
    public static int? IdOf(string neuronId) => Judge0LanguageIds.ByNeuronId.TryGetValue(neuronId, out var id) ? id : null;

    public Entry? FindByNeuronId(string neuronId) => All().FirstOrDefault(e => e.Language.Id == neuronId);

    /// <summary>The language's name with its version inside the parentheses, as Judge0 writes them.</summary>
    public static string NameOf(LanguageInfo language)
    {
        var version = Version().Match(language.Version) is { Success: true } m ? m.Value : language.Version;
        var name = language.Name;
        var open = name.LastIndexOf('(');
        return open >= 0 && name.EndsWith(')')
            ? $"{name[..^1]} {version})"
            : $"{name} ({version})";
    }

    [GeneratedRegex(@"\d+(?:\.\d+)+")]
    private static partial Regex Version();
}
