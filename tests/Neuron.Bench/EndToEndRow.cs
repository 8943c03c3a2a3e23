namespace Neuron.Bench;

/// <summary>
/// One language through the public API: fresh latency back to back and spaced the way a reader clicks Run (the
/// sandbox's pre-started interpreter has booted in between), cached latency, the floor, the original Neuron's figure.
/// </summary>
public sealed record EndToEndRow(string Language, Stats Api, Stats Spaced, Stats? Cached, Stats Floor, double? OriginalMs);
