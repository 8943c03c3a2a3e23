namespace Neuron.Runner.Tests.Support;

/// <summary>A runner with two python sandboxes and nothing else: capacity small enough for one tenant to fill.</summary>
public sealed class TwoSandboxFixture : RunnerFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Runner:PoolSize"] = "0",
        ["Runner:Pools:python"] = "2",
        ["Runner:MaxConcurrency"] = "4",
        ["Runner:QueueTimeout"] = "00:01:00",
    };
}
