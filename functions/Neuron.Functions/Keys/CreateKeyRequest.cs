using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>The body of <c>POST /api/admin/keys</c>. Omitted numbers take the configured defaults.</summary>
public sealed record CreateKeyRequest(
    string? Kind,
    string? Name,
    IReadOnlyList<string>? Origins = null,
    int? PermitsPerMinute = null,
    int? Burst = null,
    int? DailyRunQuota = null,
    RunLimits? MaxLimits = null,
    int? MaxInFlight = null);
