namespace Neuron.Functions.Usage;

/// <summary>One UTC day (or a total) of a key's usage: runs, runs per verdict, CPU milliseconds.</summary>
public sealed record UsageDay(string Date, long Runs, long CpuMs, IReadOnlyDictionary<string, long> Verdicts);
