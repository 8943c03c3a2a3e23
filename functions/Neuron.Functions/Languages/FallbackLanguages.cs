using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>
/// The languages accepted while the runner has never answered <c>/v1/languages</c> (for instance when the app starts
/// before the runner). Submissions are accepted and wait in the queue rather than being refused; the version reads
/// "unknown" until the runner's own list replaces this one. The limits are deliberately conservative.
/// </summary>
public static class FallbackLanguages
{
    public static readonly LimitSet DefaultLimits = new(TimeMs: 5_000, MemoryMb: 256, OutputKb: 64);
    public static readonly LimitSet MaxLimits = new(TimeMs: 15_000, MemoryMb: 512, OutputKb: 1_024);

    public static readonly IReadOnlyList<LanguageInfo> All =
    [
        new("python", "Python", "unknown", ["py", "python3"], false, "main.py", DefaultLimits, MaxLimits),
        new("javascript", "JavaScript (Node.js)", "unknown", ["js", "node"], false, "main.js", DefaultLimits, MaxLimits),
        new("java", "Java", "unknown", [], true, "Main.java", DefaultLimits, MaxLimits),
        new("cpp", "C++", "unknown", ["c++", "cxx"], true, "main.cpp", DefaultLimits, MaxLimits),
        new("c", "C", "unknown", [], true, "main.c", DefaultLimits, MaxLimits),
    ];
}
