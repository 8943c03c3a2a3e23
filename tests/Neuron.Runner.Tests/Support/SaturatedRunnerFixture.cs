namespace Neuron.Runner.Tests.Support;

/// <summary>A runner of its own: two python containers, a one-second wait bound, recycled after three runs.</summary>
public sealed class SaturatedRunnerFixture : RunnerFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Runner:PoolSize"] = "0",
        ["Runner:Pools:python"] = "2",
        ["Runner:MaxConcurrency"] = "2",
        ["Runner:QueueTimeout"] = "00:00:01",
        ["Runner:MaxRunsPerContainer"] = "3",
    };
}
