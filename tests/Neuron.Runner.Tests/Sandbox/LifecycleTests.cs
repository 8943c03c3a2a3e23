using Neuron.Runner.Tests.Support;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>The agent as a real process: killed hard, restarted, stopped politely.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task RunnerKilledWithSigkill_AndRestarted_RemovesOrphans_AndRefillsThePool()
    {
        using var docker = DockerEngine.Connect();
        await DockerEngine.RequireImagesAsync(docker);
        var instance = "life" + Guid.NewGuid().ToString("N")[..8];

        var first = await StartRunnerAsync(instance);
        var orphans = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();
        first.Kill();
        await first.DisposeAsync();
        var leftBehind = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();

        var second = await StartRunnerAsync(instance);
        try
        {
            var now = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();

            Assert.Equal(2, orphans.Count);
            Assert.Equal(orphans, leftBehind);
            Assert.Empty(now.Intersect(orphans));
            Assert.Equal(2, now.Count);
        }
        finally
        {
            await second.DisposeAsync();
        }
        Assert.Empty(await DockerEngine.ContainersOfAsync(docker, instance));
    }

    private static async Task<ServiceProcess> StartRunnerAsync(string instance)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var dll = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "Neuron.Runner.dll");
        var runner = ServiceProcess.StartDotnet("runner", dll, url.ToString(), new Dictionary<string, string>
        {
            ["Runner__Secret"] = RunnerFixture.Secret,
            ["Runner__InstanceId"] = instance,
            ["Runner__PoolSize"] = "0",
            ["Runner__Pools__python"] = "1",
            ["Runner__Pools__c"] = "1",
        });
        using var probe = new HttpClient { BaseAddress = url };
        await RunnerPools.WaitUntilFullAsync(probe, TimeSpan.FromMinutes(1));
        return runner;
    }
}
