namespace Neuron.Bench;

/// <summary>One runtime's figures in the runtimes benchmark: warm p50 per language, Python burst throughput, idle sandbox memory.</summary>
public sealed record RuntimeRow(string Runtime, IReadOnlyDictionary<string, Stats> Latency, double BurstRunsPerSecond, double IdleSandboxMb);
