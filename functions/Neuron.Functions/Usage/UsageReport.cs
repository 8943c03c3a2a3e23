namespace Neuron.Functions.Usage;

/// <summary>
/// The answer of <c>GET /api/usage</c>: the days in [<see cref="From"/>, <see cref="To"/>] that had runs, their total,
/// and the key's credit balance (null until the key has one: its first run or top-up opens it).
/// </summary>
public sealed record UsageReport(string KeyId, string From, string To, IReadOnlyList<UsageDay> Days, UsageDay Total, UsageBalance? Balance);
