namespace Neuron.Runner.Pool;

/// <summary>A pool's containers; an <see cref="OnDemand"/> pool is ready with none (it starts one for a run).</summary>
public sealed record PoolState(int Target, int Idle, int Busy, int Starting, string Version, string? LastError, bool OnDemand = false)
{
    public bool Ready => Target == 0 || OnDemand || Idle + Busy > 0;
}
