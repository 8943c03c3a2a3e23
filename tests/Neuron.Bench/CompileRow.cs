namespace Neuron.Bench;

/// <summary>One compiled case: each toolchain variant as a bare process, and Neuron end to end (which uses the accelerations).</summary>
public sealed record CompileRow(string Case, int? TargetMs, IReadOnlyList<CompileVariantRow> Variants, Stats Neuron);
