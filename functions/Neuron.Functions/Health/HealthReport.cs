namespace Neuron.Functions.Health;

/// <summary>
/// The body of <c>GET /api/health</c>; <see cref="Status"/> is <c>healthy</c> or <c>unhealthy</c>.
/// <see cref="CheckedAt"/> is when storage and the runner were probed: the report may be up to <c>Health:FreshForMs</c> old.
/// <see cref="LanguagesSource"/> is <c>runner</c>, <c>stored</c> or <c>none</c> (no runner has ever published its list).
/// </summary>
public sealed record HealthReport(
    string Status,
    bool StorageReachable,
    bool RunnerReachable,
    int? QueueDepth,
    int? PoisonQueueDepth,
    string LanguagesSource,
    string? Error,
    DateTimeOffset CheckedAt)
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
}
