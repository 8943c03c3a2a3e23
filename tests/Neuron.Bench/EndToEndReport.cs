namespace Neuron.Bench;

/// <summary>Everything the end-to-end benchmark measured, as written to JSON.</summary>
public sealed record EndToEndReport(IReadOnlyList<EndToEndRow> Latency, BurstReport Burst);
