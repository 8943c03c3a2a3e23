namespace Neuron.Functions.Health;

/// <summary>The body of <c>GET /api/health</c>; <see cref="Status"/> is <c>healthy</c> or <c>unhealthy</c>.</summary>
public sealed record HealthReport(
    string Status,
    bool StorageReachable,
    bool RunnerReachable,
    int? QueueDepth,
    int? PoisonQueueDepth,
    string LanguagesSource,
    string? Error);
