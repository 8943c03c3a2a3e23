using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>
/// The body of <c>POST /api/admin/keys</c>. Omitted numbers take the configured defaults; <see cref="FreeMicroCredits"/>
/// is what the key's credits open with (default <c>Billing:FreeMicroCredits</c>).
/// </summary>
public sealed record CreateKeyRequest(
    string? Kind,
    string? Name,
    IReadOnlyList<string>? Origins = null,
    int? PermitsPerMinute = null,
    int? Burst = null,
    int? DailyRunQuota = null,
    RunLimits? MaxLimits = null,
    int? MaxInFlight = null,
    long? FreeMicroCredits = null);
