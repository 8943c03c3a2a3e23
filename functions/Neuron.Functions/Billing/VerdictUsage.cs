namespace Neuron.Functions.Billing;

/// <summary>Runs of one verdict and their CPU milliseconds.</summary>
public sealed record VerdictUsage(long Runs, long CpuMs);
