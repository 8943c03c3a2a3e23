namespace Neuron.Bench;

/// <summary>One language's latencies: the runner (fresh and cached source), the floor, docker exec.</summary>
public sealed record LatencyRow(string Language, Stats Runner, Stats? Cached, Stats Floor, Stats DockerExec);
