using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Languages;

/// <summary>One entry of languages.json: everything the runner knows about a language is data.</summary>
public sealed record Language
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required IReadOnlyList<string> Aliases { get; init; }
    public required string Image { get; init; }
    public required string FileName { get; init; }
    /// <summary>Compiler argv, run in the work dir; null for interpreted languages.</summary>
    public IReadOnlyList<string>? Compile { get; init; }
    public required IReadOnlyList<string> Run { get; init; }
    /// <summary>Optional warm start: the interpreter the launcher pre-starts in idle containers (see launcher.c).</summary>
    public WarmStart? Warm { get; init; }
    /// <summary><see cref="Warm"/>'s command with its bootstrap script's text appended, resolved by <see cref="LanguageCatalog.Load"/>.</summary>
    [JsonIgnore]
    public IReadOnlyList<string>? WarmCommand { get; init; }
    /// <summary>CPU time allowed as a multiple of wall time (runtimes with helper threads need more than 1); default 1.</summary>
    public double? CpuTimeFactor { get; init; }
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

    private readonly string? _outOfMemoryStderr;

    /// <summary>CPU milliseconds a run may use for a wall-time limit.</summary>
    public int CpuMsFor(int timeMs) => (int)(timeMs * (CpuTimeFactor ?? 1));
}
