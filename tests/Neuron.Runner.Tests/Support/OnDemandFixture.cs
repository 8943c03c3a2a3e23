namespace Neuron.Runner.Tests.Support;

/// <summary>A runner whose only warm language is python; every other pool starts sandboxes on demand and retires them after 1 s idle.</summary>
public sealed class OnDemandFixture : RunnerFixture
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Runner:PoolSize"] = "1",
        ["Runner:WarmLanguages"] = "python",
        ["Runner:OnDemandIdleTimeout"] = "00:00:01",
        ["Runner:HealthCheckInterval"] = "00:00:01",
        ["Runner:QueueTimeout"] = "00:01:00",
    };
}
