using System.Text.RegularExpressions;

namespace Neuron.Runner.Languages;

/// <summary>
/// Where a program starts, for languages whose toolchain ties a file name or a run target to the source: Java's
/// public class must live in a file of its name and runs by class name (<c>public class HelloWorld</c> is
/// <c>HelloWorld.java</c>, run as <c>HelloWorld</c>); Kotlin and Scala run the class the compiler makes of the
/// <c>main</c> function or object; GNAT wants a unit's file named after it. The rule is the language's
/// <c>entryPoint</c> in languages.json; other languages keep their fixed <c>fileName</c>.
/// </summary>
public static partial class EntryPoints
{
    public const string JavaClass = "javaClass";
    public const string KotlinMain = "kotlinMain";
    public const string ScalaObject = "scalaObject";
    public const string AdaUnit = "adaUnit";

    public static readonly IReadOnlySet<string> Rules = new HashSet<string>(StringComparer.Ordinal) { JavaClass, KotlinMain, ScalaObject, AdaUnit };

    /// <summary>The entry point of a language without a rule, or of a program the rule finds nothing in.</summary>
    public static EntryPoint Default(string fileName) => new(fileName, Path.GetFileNameWithoutExtension(fileName));

    public static EntryPoint Resolve(string rule, string defaultFileName, string source)
    {
        var code = (rule == AdaUnit ? AdaCommentOrString() : CommentOrString()).Replace(source, Blank);
        return rule switch
        {
            JavaClass => JavaEntry(code) is { } name ? new(name + ".java", name) : Default(defaultFileName),
            KotlinMain => new(defaultFileName, KotlinEntry(code, defaultFileName)),
            ScalaObject => new(defaultFileName, ScalaEntry(code) ?? "Main"),
            AdaUnit => AdaProcedure().Match(code) is { Success: true } m
                ? new(m.Groups[1].Value.ToLowerInvariant() + ".adb", m.Groups[1].Value.ToLowerInvariant())
                : Default(defaultFileName),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "no such entry point rule"),
        };
    }

    /// <summary>The public top-level type; without one, the type that declares <c>main</c>.</summary>
    private static string? JavaEntry(string code)
    {
        if (JavaPublicType().Match(code) is { Success: true } publicType)
            return publicType.Groups[1].Value;
        return TypeDeclaringMain(code, JavaMain(), JavaType());
    }

    /// <summary>A top-level <c>fun main</c> compiles to <c>MainKt</c> (after the file); else an object's <c>@JvmStatic main</c>.</summary>
    private static string KotlinEntry(string code, string fileName)
    {
        var fileClass = char.ToUpperInvariant(fileName[0]) + Path.GetFileNameWithoutExtension(fileName)[1..] + "Kt";
        if (KotlinTopLevelMain().IsMatch(code))
            return fileClass;
        return TypeDeclaringMain(code, KotlinMainFunction(), KotlinType()) ?? fileClass;
    }

    /// <summary>The object that extends <c>App</c>, else the object that declares <c>def main</c>.</summary>
    private static string? ScalaEntry(string code) =>
        ScalaApp().Match(code) is { Success: true } app ? app.Groups[1].Value : TypeDeclaringMain(code, ScalaMain(), ScalaType());

    /// <summary>The last type declared before the first <c>main</c>: the one whose body holds it.</summary>
    private static string? TypeDeclaringMain(string code, Regex main, Regex type)
    {
        var at = main.Match(code);
        if (!at.Success)
            return null;
        string? name = null;
        foreach (Match m in type.Matches(code[..at.Index]))
            name = m.Groups[1].Value;
        return name;
    }

    /// <summary>Comments and string literals are blanked first, so that a name inside them is not taken for code.</summary>
    private static string Blank(Match comment) => comment.Value.StartsWith('"') ? "\"\"" : " ";

    // Identifiers are ASCII here: the result becomes a file name, which must be plain.
    private const string Name = "([A-Za-z_$][A-Za-z0-9_$]*)";

    [GeneratedRegex(@"/\*.*?\*/|//[^\n]*|"""""".*?""""""|""(?:\\.|[^""\\\n])*""|'(?:\\.|[^'\\\n])+'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();

    [GeneratedRegex(@"--[^\n]*|""[^""\n]*""")]
    private static partial Regex AdaCommentOrString();

    [GeneratedRegex(@"(?<![\w$])public\s+(?:(?:abstract|final|strictfp|sealed|non-sealed|static)\s+)*(?:class|interface|enum|record)\s+" + Name)]
    private static partial Regex JavaPublicType();

    [GeneratedRegex(@"(?<![\w$])(?:class|interface|enum|record)\s+" + Name)]
    private static partial Regex JavaType();

    [GeneratedRegex(@"\bstatic\b[^;{}()]*\bvoid\s+main\s*\(")]
    private static partial Regex JavaMain();

    [GeneratedRegex(@"^fun\s+main\s*\(", RegexOptions.Multiline)]
    private static partial Regex KotlinTopLevelMain();

    [GeneratedRegex(@"\bfun\s+main\s*\(")]
    private static partial Regex KotlinMainFunction();

    [GeneratedRegex(@"\b(?:object|class)\s+" + Name)]
    private static partial Regex KotlinType();

    [GeneratedRegex(@"\bobject\s+" + Name + @"\s+extends\s+App\b")]
    private static partial Regex ScalaApp();

    [GeneratedRegex(@"\bdef\s+main\s*\(")]
    private static partial Regex ScalaMain();

    [GeneratedRegex(@"\bobject\s+" + Name)]
    private static partial Regex ScalaType();

    [GeneratedRegex(@"\bprocedure\s+([A-Za-z][A-Za-z0-9_]*)\s+is\b", RegexOptions.IgnoreCase)]
    private static partial Regex AdaProcedure();
}
