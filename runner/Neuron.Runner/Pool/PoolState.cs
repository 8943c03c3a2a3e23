namespace Neuron.Runner.Pool;

/// <summary>
/// A pool's containers. An <see cref="OnDemand"/> pool is ready with none (it starts one for a run) once its image
/// was found (<see cref="ImageFound"/>: inspected, its version read).
/// </summary>
public sealed record PoolState(int Target, int Idle, int Busy, int Starting, string Version, string? LastError, bool OnDemand = false, bool ImageFound = false)
{
    public bool Ready => Target == 0 || Idle + Busy > 0 || OnDemand && ImageFound;
}
