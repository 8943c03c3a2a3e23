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
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string>? WarmCommand { get; init; }
    /// <summary>CPU time allowed as a multiple of wall time (runtimes with helper threads need more than 1); default 1.</summary>
    public double? CpuTimeFactor { get; init; }
    /// <summary>Text in stderr that means the runtime gave up for lack of memory.</summary>
    public required IReadOnlyList<string> MemoryErrorMarkers { get; init; }
    public required int PidsLimit { get; init; }
    public required LimitSet DefaultLimits { get; init; }
    public required LimitSet MinLimits { get; init; }
    public required LimitSet MaxLimits { get; init; }

    public bool Compiled => Compile is { Count: > 0 };

    /// <summary>CPU milliseconds a run may use for a wall-time limit.</summary>
    public int CpuMsFor(int timeMs) => (int)(timeMs * (CpuTimeFactor ?? 1));
}
