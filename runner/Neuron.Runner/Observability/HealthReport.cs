using Neuron.Runner.Pool;

namespace Neuron.Runner.Observability;

/// <summary>
/// Body of <c>GET /healthz</c>: "ok" once every enabled language has a live container; "unhealthy" for good when a
/// sandbox that cannot be replaced (static mode) was found dirty, listed in <see cref="Faults"/>.
/// </summary>
public sealed record HealthReport(string Status, string Instance, int Running, int Waiting, IReadOnlyDictionary<string, PoolState> Languages,
    IReadOnlyCollection<string> Faults);
