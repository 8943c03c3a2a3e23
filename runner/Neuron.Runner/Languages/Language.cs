using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Languages;

/// <summary>One entry of languages.json: everything the runner knows about a language is data.</summary>
public sealed partial record Language
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    public required string Image { get; init; }
    /// <summary>The program's file; for a language with an <see cref="EntryPointRule"/>, the one a program without a match gets.</summary>
    public required string FileName { get; init; }
    /// <summary>
    /// How the entry file and run target follow from the source (<see cref="EntryPoints"/>), e.g. <c>javaClass</c>; null:
    /// <see cref="FileName"/> always. <c>{file}</c> and <c>{target}</c> in <see cref="Compile"/> and <see cref="Run"/>
    /// stand for them (the target of a fixed file name is its name without the extension).
    /// </summary>
    [JsonPropertyName("entryPoint")]
    public string? EntryPointRule { get; init; }
    /// <summary>Compiler argv, run in the work dir; null for interpreted languages.</summary>
    public IReadOnlyList<string>? Compile { get; init; }
    public required IReadOnlyList<string> Run { get; init; }
    /// <summary><see cref="Compile"/> and <see cref="Run"/> as languages.json has them, placeholders and all.</summary>
    [JsonIgnore]
    public (IReadOnlyList<string>? Compile, IReadOnlyList<string> Run) Commands { get; private init; }
    /// <summary>
    /// Folder of precompiled headers built into the image for exactly <see cref="Compile"/>'s flags (runner/images/specs),
    /// each made from a one-line <see cref="FileName"/> that includes its header; null: none. See <see cref="CompileFor"/>.
    /// </summary>
    public string? PrecompiledHeaders { get; init; }
    /// <summary>Optional warm start: the interpreter or compiler the launcher pre-starts in idle containers (see launcher.c).</summary>
    public WarmStart? Warm { get; init; }
    /// <summary><see cref="Warm"/>'s command with its bootstrap script's text appended, resolved by <see cref="LanguageCatalog.Load"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? WarmCommand { get; init; }
    /// <summary>The warm process runs the program (an interpreter), rather than compiling it.</summary>
    [JsonIgnore]
    public bool WarmRuns => WarmCommand is not null && Warm?.Compile is null;
    /// <summary><see cref="WarmStart.Compile"/> resolved for this program's entry file; null: no warm compiler.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? WarmCompile { get; private init; }
    /// <summary>CPU time allowed as a multiple of wall time (runtimes with helper threads need more than 1); default 1.</summary>
    public double? CpuTimeFactor { get; init; }
    /// <summary>The compile time limit as a multiple of the runner's <c>CompileTimeMs</c> (kotlinc and scalac boot a JVM and a compiler); default 1.</summary>
    public double? CompileTimeFactor { get; init; }
    /// <summary>
    /// The runtime's own out-of-memory report, as a regular expression of the LAST lines of stderr (anchored at a line
    /// start and at the end of stderr, trailing blank lines aside), e.g. Python's final "MemoryError" line; null: none.
    /// The word anywhere else in stderr is the program's text, not the runtime's report.
    /// </summary>
    public string? OutOfMemoryStderr
    {
        get => _outOfMemoryStderr;
        init
        {
            _outOfMemoryStderr = value;
            // Linear-time matching: the text is the program's, up to the output limit.
            OutOfMemoryTail = value is null ? null
                : new Regex($@"(?:\A|\n)(?:{value})\s*\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
    }

    /// <summary><see cref="OutOfMemoryStderr"/>, anchored and compiled.</summary>
    [JsonIgnore]
    public Regex? OutOfMemoryTail { get; private init; }

    public required int PidsLimit { get; init; }
    public required LimitSet DefaultLimits { get; init; }
    public required LimitSet MinLimits { get; init; }
    public required LimitSet MaxLimits { get; init; }

    public bool Compiled => Compile is { Count: > 0 };

    /// <summary>This language as languages.json has it, its commands resolved for its fixed <see cref="FileName"/>.</summary>
    public Language Loaded() => (this with { Commands = (Compile, Run) }).For(EntryPoints.Default(FileName));

    /// <summary>This language for one program: the entry file and target its rule finds in the source (itself without a rule).</summary>
    public Language ForSource(string source) =>
        EntryPointRule is null ? this : For(EntryPoints.Resolve(EntryPointRule, FileName, source));

    private Language For(EntryPoint entry)
    {
        IReadOnlyList<string> Expand(IReadOnlyList<string> argv) =>
            [.. argv.Select(a => a.Replace("{file}", entry.FileName, StringComparison.Ordinal).Replace("{target}", entry.Target, StringComparison.Ordinal))];
        return this with
        {
            FileName = entry.FileName, Compile = Commands.Compile is { } compile ? Expand(compile) : null, Run = Expand(Commands.Run),
            WarmCompile = Warm?.Compile is { } warm ? Expand(warm) : null,
        };
    }

    private readonly string? _outOfMemoryStderr;

    /// <summary>
    /// The compiler argv for these files: <see cref="Compile"/>, with <see cref="PrecompiledHeaders"/> first on the include
    /// path when the program's first line is an <c>#include &lt;…&gt;</c>. GCC then uses that header's .gch if it is valid
    /// for the flags, and the header itself otherwise. Only on line 1: the .gch was made from an include on line 1, and
    /// diagnostics inside headers name that line ("In file included from main.cpp:1"), so only there are they the same as
    /// a plain compile's.
    /// </summary>
    public IReadOnlyList<string>? CompileFor(IReadOnlyList<KeyValuePair<string, byte[]>> files)
    {
        if (Compile is not { Count: > 0 } compile || PrecompiledHeaders is null)
            return Compile;
        var main = files.FirstOrDefault(f => f.Key == FileName).Value;
        if (main is null || !IncludeOnFirstLine().IsMatch(System.Text.Encoding.UTF8.GetString(main, 0, Math.Min(main.Length, 256))))
            return compile;
        return [compile[0], "-I" + PrecompiledHeaders, .. compile.Skip(1)];
    }

    [GeneratedRegex(@"\A[ \t]*#[ \t]*include[ \t]*<[^>\n]+>")]
    private static partial Regex IncludeOnFirstLine();

    /// <summary>CPU milliseconds a run may use for a wall-time limit.</summary>
    public int CpuMsFor(int timeMs) => (int)(timeMs * (CpuTimeFactor ?? 1));

    /// <summary>Milliseconds the compiler may take, given the runner's compile time limit.</summary>
    public int CompileMsFor(int compileTimeMs) => (int)(compileTimeMs * (CompileTimeFactor ?? 1));
}
