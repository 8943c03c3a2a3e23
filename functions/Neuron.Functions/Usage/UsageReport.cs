namespace Neuron.Functions.Usage;

/// <summary>The answer of <c>GET /api/usage</c>: the days in [<see cref="From"/>, <see cref="To"/>] that had runs, and their total.</summary>
public sealed record UsageReport(string KeyId, string From, string To, IReadOnlyList<UsageDay> Days, UsageDay Total);
