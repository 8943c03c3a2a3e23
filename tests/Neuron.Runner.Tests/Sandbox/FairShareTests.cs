using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Sandbox;

public sealed class FairShareTests(TwoSandboxFixture runner) : IClassFixture<TwoSandboxFixture>
{
    [Fact]
    public async Task AFloodingTenant_LeavesASandboxForAnotherTenantsRun()
    {
        await runner.WaitForFullPoolsAsync();
        // The victim has used python recently; then the attacker fills the runner with slow runs.
        Assert.Equal(Verdicts.Ok, (await runner.RunAsync(Run("victim", "print('hello')"))).Verdict);
        var finishedFlood = 0;
        var flood = Enumerable.Range(0, 3).Select(async _ =>
        {
            var result = await runner.RunAsync(Run("attacker", "import time\ntime.sleep(10)\nprint('slow')", timeMs: 14_000));
            Interlocked.Increment(ref finishedFlood);
            return result;
        }).ToArray();
        await Eventually.GetAsync(() => runner.UnsignedClient.GetStringAsync("/metrics"),
            m => m.Contains("neuron_runner_runs_in_flight{state=\"running\"} 1", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the flood running");

        var victim = await runner.RunAsync(Run("victim", "print('still served')"));
        var floodDoneWhenVictimWas = Volatile.Read(ref finishedFlood);

        Assert.Equal("still served\n", victim.Stdout);
        // Without a fair share the flood holds both sandboxes and the victim waits for one of its 10 s runs to end (a
        // margin no loaded machine eats: the victim's own run is a hello world).
        Assert.Equal(0, floodDoneWhenVictimWas);
        Assert.All(await Task.WhenAll(flood), r => Assert.Equal(Verdicts.Ok, r.Verdict));
    }

    private static ExecuteRequest Run(string tenant, string source, int timeMs = 2_000) =>
        new("python", source, Limits: new RunLimits(TimeMs: timeMs), Tenant: tenant);
}
