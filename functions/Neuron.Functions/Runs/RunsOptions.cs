using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Runs;

/// <summary>Section <c>Runs</c>: submission limits.</summary>
public sealed class RunsOptions
{
    public const string Section = "Runs";

    /// <summary>Source larger than this (UTF-8 bytes) is refused with 413.</summary>
    [Range(1, 1 << 20)]
    public int MaxSourceBytes { get; set; } = 64 * 1024;

    /// <summary>Stdin (and expectedOutput) larger than this (UTF-8 bytes) is refused with 413.</summary>
    [Range(1, 4 << 20)]
    public int MaxStdinBytes { get; set; } = 1024 * 1024;

    /// <summary>The whole request body; JSON escaping can inflate stdin up to six times.</summary>
    [Range(1, 64 << 20)]
    public int MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    [Range(0, 1_000)]
    public int MaxArgs { get; set; } = 64;

    [Range(1, 65_536)]
    public int MaxArgLength { get; set; } = 4_096;

    /// <summary>Files of a multi-file program (<c>files</c>); their contents together are bounded by <see cref="MaxSourceBytes"/>.</summary>
    [Range(1, 32)]
    public int MaxFiles { get; set; } = 32;

    /// <summary>Test cases of one run (<c>tests</c>); the runner takes at most 64.</summary>
    [Range(1, 64)]
    public int MaxTests { get; set; } = 64;

    /// <summary>
    /// The cases' stdin and expected output together (UTF-8 bytes; each alone is bounded by <see cref="MaxStdinBytes"/>).
    /// </summary>
    [Range(1, 16 << 20)]
    public int MaxTestsBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Cases × the run's time limit may not exceed this: the runner's answer must come within
    /// <c>Runner:ExecuteTimeoutSeconds</c> (90 s), compile (20 s) included.
    /// </summary>
    [Range(1_000, 600_000)]
    public int MaxTestsTimeMs { get; set; } = 60_000;

    /// <summary>Runs of one <c>POST /api/runs/batch</c>.</summary>
    [Range(1, 100)]
    public int MaxBatchRuns { get; set; } = 20;

    /// <summary>Run ids of one <c>GET /api/runs?ids=</c>.</summary>
    [Range(1, 100)]
    public int MaxReadIds { get; set; } = 20;

    /// <summary>Upper bound of <c>?wait=</c> in seconds.</summary>
    [Range(0, 230)]
    public int MaxWaitSeconds { get; set; } = 30;
}
