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

    /// <summary>Upper bound of <c>?wait=</c> in seconds.</summary>
    [Range(0, 230)]
    public int MaxWaitSeconds { get; set; } = 30;
}
