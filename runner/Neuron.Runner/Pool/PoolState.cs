namespace Neuron.Runner.Pool;

public sealed record PoolState(int Target, int Idle, int Busy, int Starting, string Version, string? LastError)
{
    public bool Ready => Target == 0 || Idle + Busy > 0;
}
