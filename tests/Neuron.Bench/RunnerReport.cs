namespace Neuron.Bench;

/// <summary>Everything the runner benchmark measured, as written to JSON.</summary>
public sealed record RunnerReport(
    IReadOnlyList<LatencyRow> Latency, double RunnerRunsPerSecond, double FloorRunsPerSecond,
    double CacheColdMs, double CacheWarmMs, double IdleRssMb, Stats Pause, Stats Unpause);
