using System.Text.RegularExpressions;
using Neuron.Testing;

namespace Neuron.Functions.UnitTests.Architecture;

/// <summary>The Functions app's C# sources, comments and string literals blanked out, with the namespace each declares.</summary>
public static partial class AppSources
{
    public const string RootNamespace = "Neuron.Functions";

    public static readonly string Directory = Path.Combine(RepoRoot.Path, "functions", "Neuron.Functions");

    public sealed record Source(string RelativePath, string Namespace, string Code);

    public static IReadOnlyList<Source> All { get; } = Load();

    private static List<Source> Load() =>
    [
        .. System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !InBuildOutput(Path.GetRelativePath(Directory, f)))
            .Order(StringComparer.Ordinal)
            .Select(f =>
            {
                var code = CommentOrString().Replace(File.ReadAllText(f), m => m.Value.StartsWith('/') ? " " : "\"\"");
                var ns = Namespace().Match(code) is { Success: true } m ? m.Groups[1].Value : RootNamespace;
                return new Source(Path.GetRelativePath(Directory, f).Replace('\\', '/'), ns, code);
            }),
    ];

    private static bool InBuildOutput(string relative) => relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    // Line and block comments, verbatim/raw/regular strings and char literals: whichever starts first wins.
    [GeneratedRegex(""""//[^\n]*|/\*.*?\*/|\$*"""(?:.|\n)*?"""|\$?@"(?:[^"]|"")*"|\$?"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+'"""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
