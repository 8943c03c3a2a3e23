namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0 CE's language id for each Neuron language (Judge0's <c>db/languages/active.rb</c>): its own id where Judge0
/// CE has the language, ids above 89 (Judge0's last, "Multi-file program") where it has not. A language the catalog
/// does not serve is simply not listed.
/// </summary>
public static class Judge0LanguageIds
{
    public static readonly IReadOnlyDictionary<string, int> ByNeuronId = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["assembly"] = 45,
        ["bash"] = 46,
        ["c"] = 50,
        ["csharp"] = 51,
        ["cpp"] = 54,
        ["commonlisp"] = 55,
        ["d"] = 56,
        ["elixir"] = 57,
        ["erlang"] = 58,
        ["fortran"] = 59,
        ["go"] = 60,
        ["haskell"] = 61,
        ["java"] = 62,
        ["javascript"] = 63,
        ["lua"] = 64,
        ["ocaml"] = 65,
        ["octave"] = 66,
        ["pascal"] = 67,
        ["php"] = 68,
        ["prolog"] = 69,
        ["python"] = 71,
        ["ruby"] = 72,
        ["rust"] = 73,
        ["typescript"] = 74,
        ["cobol"] = 77,
        ["kotlin"] = 78,
        ["objectivec"] = 79,
        ["r"] = 80,
        ["scala"] = 81,
        ["sql"] = 82,
        ["perl"] = 85,
        ["clojure"] = 86,
        ["groovy"] = 88,
        // Not in Judge0 CE: Neuron's own ids.
        ["pypy3"] = 90,
        ["c23"] = 91,
        ["cpp20"] = 92,
        ["cpp23"] = 93,
        ["scheme"] = 94,
        ["racket"] = 95,
        ["nim"] = 96,
        ["crystal"] = 97,
        ["awk"] = 98,
        ["ada"] = 99,
        ["tcl"] = 100,
    };
}
