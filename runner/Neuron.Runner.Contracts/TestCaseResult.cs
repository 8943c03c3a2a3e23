namespace Neuron.Runner.Contracts;

/// <summary>
/// What one test case produced. <see cref="Stdout"/> and <see cref="Stderr"/> are reported up to
/// <see cref="MaxReportedBytes"/> each (the verdict was decided on the whole output); <c>…Truncated</c> says they were
/// cut, here or by the run's output limit. A case that did not run (a compile error, or a failure before it under
/// <c>stopOnFirstFailure</c>) has the verdict <see cref="Verdicts.Skipped"/> and nothing else.
/// </summary>
public sealed record TestCaseResult
{
    /// <summary>64 cases × 2 streams × 8 KiB: a run's cases report at most 1 MiB.</summary>
    public const int MaxReportedBytes = 8 * 1024;

    public string? Name { get; init; }
    public required string Verdict { get; init; }
    public string Stdout { get; init; } = "";
    public bool StdoutTruncated { get; init; }
    public string Stderr { get; init; } = "";
    public bool StderrTruncated { get; init; }
    public int? ExitCode { get; init; }
    public int? Signal { get; init; }
    /// <summary>Wall time, as the run document's <c>timeMs</c>.</summary>
    public int TimeMs { get; init; }
    public int CpuMs { get; init; }
    public long MemoryKb { get; init; }
}
