namespace Neuron.Runner.Contracts;

/// <summary>
/// What a run produced. <see cref="Verdict"/> is one of <see cref="Verdicts"/>. A run with test cases has
/// <see cref="Tests"/>, one per case in order; its verdict is the first failing case's (<c>ok</c> when none failed), its
/// stdout, stderr, exit code and signal are that case's (the last case's when none failed), <see cref="WallMs"/> and
/// <see cref="MemoryKb"/> the highest of any case, and <see cref="CpuMs"/> the sum of all cases.
/// </summary>
public sealed record ExecuteResult
{
    public required string Verdict { get; init; }
    public required string Language { get; init; }
    public required string Version { get; init; }
    public string Stdout { get; init; } = "";
    public bool StdoutTruncated { get; init; }
    public string Stderr { get; init; } = "";
    public bool StderrTruncated { get; init; }
    public string CompileOutput { get; init; } = "";
    public int? ExitCode { get; init; }
    public int? Signal { get; init; }
    public int WallMs { get; init; }
    public int CpuMs { get; init; }
    public long MemoryKb { get; init; }
    /// <summary>True when the compiled artifact came from the compile cache.</summary>
    public bool CompileCached { get; init; }
    /// <summary>The sandbox container that ran it (diagnostics only).</summary>
    public string Sandbox { get; init; } = "";
    /// <summary>The OCI runtime that sandbox ran under: runc, runsc (gVisor) or static (a launcher started by someone else).</summary>
    public string Runtime { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    /// <summary>Per-case results of a run with test cases; null for a run without.</summary>
    public IReadOnlyList<TestCaseResult>? Tests { get; init; }
    /// <summary>What the program left in its output folder, within <see cref="OutputFileLimits"/>, by name (a run with test cases: the deciding case's).</summary>
    public IReadOnlyList<OutputFile> OutputFiles { get; init; } = [];
    /// <summary>The output folder's entries that were not returned (the first <see cref="OutputFileLimits.MaxOmittedListed"/>).</summary>
    public IReadOnlyList<OmittedOutputFile> OmittedOutputFiles { get; init; } = [];
    /// <summary>How many entries were not returned, listed or not.</summary>
    public int OmittedOutputFileCount { get; init; }
}
