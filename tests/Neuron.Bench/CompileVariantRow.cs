namespace Neuron.Bench;

/// <summary>A toolchain variant: compile + run wall time, and the peak resident memory of the compiler's largest process.</summary>
public sealed record CompileVariantRow(string Name, Stats Toolchain, double CompilerPeakMb);
