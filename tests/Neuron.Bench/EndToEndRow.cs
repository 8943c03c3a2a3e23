namespace Neuron.Bench;

/// <summary>One language through the public API: fresh and cached latency, the floor, the original Neuron's figure.</summary>
public sealed record EndToEndRow(string Language, Stats Api, Stats? Cached, Stats Floor, double? OriginalMs);
