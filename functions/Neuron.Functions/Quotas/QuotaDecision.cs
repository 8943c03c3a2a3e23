namespace Neuron.Functions.Quotas;

/// <summary>
/// The outcome of taking one run from a key's daily quota. <see cref="Contended"/>: refused because the counter kept
/// changing under this instance (not because the quota is used up); the caller may retry at once.
/// </summary>
public sealed record QuotaDecision(bool Allowed, int Quota, int Used, DateTimeOffset ResetsAt, bool Contended = false);
