using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Neuron.Runner.Tests.Support;

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

        var first = StartRunner(instance, out var firstUrl);
        await WaitHealthyAsync(firstUrl);
        var orphans = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();
        first.Kill();
        await first.WaitForExitAsync();
        var leftBehind = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();

        var second = StartRunner(instance, out var secondUrl);
        try
        {
            await WaitHealthyAsync(secondUrl);
            var now = (await DockerEngine.ContainersOfAsync(docker, instance)).Select(c => c.ID).ToHashSet();

            Assert.Equal(2, orphans.Count);
            Assert.Equal(orphans, leftBehind);
            Assert.Empty(now.Intersect(orphans));
            Assert.Equal(2, now.Count);
        }
        finally
        {
            await StopPolitelyAsync(second);
        }
        Assert.Empty(await DockerEngine.ContainersOfAsync(docker, instance));
    }

    private static Process StartRunner(string instance, out string url)
    {
        url = $"http://127.0.0.1:{FreePort()}";
        var dll = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "Neuron.Runner.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Runner__Secret"] = RunnerFixture.Secret,
                ["Runner__InstanceId"] = instance,
                ["Runner__PoolSize"] = "0",
                ["Runner__Pools__python"] = "1",
                ["Runner__Pools__c"] = "1",
            },
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(string url)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        await RunnerFixture.WaitUntilHealthyAsync(client, TimeSpan.FromMinutes(1));
    }

    private static async Task StopPolitelyAsync(Process process)
    {
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(bound.Token);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
