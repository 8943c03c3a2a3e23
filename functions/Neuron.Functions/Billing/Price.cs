using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Billing;

/// <summary>What a run of one language family costs, in micro-credits: a base price per run plus CPU time.</summary>
public sealed class Price
{
    /// <summary>Each run (the credit an admitted run holds until it is charged).</summary>
    [Range(0, Credits.MaxMicroCredits)]
    public long PerRun { get; set; }

    /// <summary>Each run whose compiled program came from the compile cache; at most <see cref="PerRun"/> (null: <see cref="PerRun"/>).</summary>
    [Range(0, Credits.MaxMicroCredits)]
    public long? PerRunCached { get; set; }

    /// <summary>Each CPU second (all test cases together), charged per millisecond, rounded up.</summary>
    [Range(0, 1_000_000_000)]
    public long PerCpuSecond { get; set; }

    public bool IsValid => PerRunCached is null || PerRunCached <= PerRun;

    /// <summary>The charge of a run with <paramref name="cpuMs"/> of CPU time.</summary>
    public long Charge(bool compileCached, long cpuMs) =>
        (compileCached ? PerRunCached ?? PerRun : PerRun) + (Math.Max(0, cpuMs) * PerCpuSecond + 999) / 1000;
}
