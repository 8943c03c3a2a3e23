namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0's <c>compiler_options</c>, restricted to a safe allow-list per language. Neuron compiles with fixed commands
/// (no flag reaches a compiler from a caller), so the allowed options are those whose effect Neuron already has: the
/// flags its commands use anyway (<c>-O2</c>, <c>-pipe</c>, <c>-lm</c>) and a language standard, which selects the
/// Neuron language compiled with it (<c>-std=c++20</c> on C++ runs as <c>cpp20</c>). Anything else is refused with
/// the list of what is allowed; interpreted languages take none, as in Judge0.
/// </summary>
public static class CompilerOptions
{
    private sealed record Family(string[] Members, string[] NoOps, IReadOnlyDictionary<string, string> Standards);

    private static readonly Family C = new(["c", "c23"], ["-O2", "-pipe", "-lm"],
        new Dictionary<string, string> { ["-std=c11"] = "c", ["-std=c2x"] = "c23", ["-std=c23"] = "c23" });

    private static readonly Family Cpp = new(["cpp", "cpp20", "cpp23"], ["-O2", "-pipe", "-lm"],
        new Dictionary<string, string>
        {
            ["-std=c++17"] = "cpp",
            ["-std=c++2a"] = "cpp20",
            ["-std=c++20"] = "cpp20",
            ["-std=c++2b"] = "cpp23",
            ["-std=c++23"] = "cpp23",
        });

    private static readonly Family[] Families = [C, Cpp];

    /// <summary>
    /// The Neuron language that compiles <paramref name="languageId"/>'s program with <paramref name="options"/>, or why
    /// they are refused. <paramref name="serves"/> says whether the catalog has a language.
    /// </summary>
    public static (string? LanguageId, string? Error) Apply(string languageId, bool compiled, string options, Func<string, bool> serves)
    {
        var flags = options.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (flags.Length == 0)
            return (languageId, null);
        if (!compiled)
            return (null, "setting compiler options is only allowed for compiled languages");
        var family = Families.FirstOrDefault(f => f.Members.Contains(languageId));
        var allowed = family is null ? [] : family.NoOps.Concat(family.Standards.Keys).ToArray();
        var chosen = languageId;
        foreach (var flag in flags)
        {
            if (family is not null && family.NoOps.Contains(flag, StringComparer.Ordinal))
                continue;
            if (family is not null && family.Standards.TryGetValue(flag, out var variant))
            {
                // As with gcc, the last -std wins.
                chosen = variant;
                continue;
            }
            return (null, allowed.Length == 0
                ? $"'{Echo(flag)}' is not allowed: Neuron compiles this language with fixed options"
                : $"'{Echo(flag)}' is not allowed; allowed options: {string.Join(" ", allowed)}");
        }
        if (!serves(chosen))
            return (null, $"the options select language '{chosen}', which this deployment does not serve");
        return (chosen, null);
    }

    private static string Echo(string flag) => Http.Problems.Echo(flag);
}
