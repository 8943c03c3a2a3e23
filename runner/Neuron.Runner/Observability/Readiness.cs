using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Observability;

/// <summary>Whether this agent can take runs: every enabled language has a live sandbox and no sandbox is faulted.</summary>
public static class Readiness
{
    public static bool IsReady(PoolManager pools, ISandboxSource sandboxes) =>
        pools.Pools.Values.All(p => p.State.Ready) && sandboxes.Faults.Count == 0;
}
