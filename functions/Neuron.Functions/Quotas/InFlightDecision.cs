namespace Neuron.Functions.Quotas;

/// <summary>
/// The outcome of taking a place among a key's runs in flight. <see cref="Contended"/>: refused because the counter
/// kept changing under this instance (not because the key is at its limit); the caller may retry at once.
/// </summary>
public sealed record InFlightDecision(bool Allowed, int Limit, bool Contended = false);
