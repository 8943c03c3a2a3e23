using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;
using Neuron.Runner.Tests.Support;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// <see cref="OomEvents"/> against real containers under the runtime under test, asked only after the container's
/// cgroup is gone: the moment at which the cgroup's own count can no longer be read (runsc removed it 46 ms after the
/// kill), and which a loaded runner reached first in CI (a memory kill reported as internal_error).
/// </summary>
public sealed class OomEventsTests
{
    private static readonly string Python = ShippedLanguages.Get("python").Image;

    [Theory]
    [InlineData(512, true)]
    [InlineData(16, false)]
    public async Task AnOomKill_IsToldApart_AfterTheCgroupIsRemoved(int allocateMb, bool killed)
    {
        var id = await DockerAsync("run", "-d", "--runtime", RuntimeUnderTest.Name, "--network", "none", "--memory", "128m",
            "--memory-swap", "128m", "--tmpfs", "/tmp:rw,size=1m,mode=1777", "--entrypoint", "python3", Python, "-c",
            // Waits for the go-ahead, so that the registration comes first however loaded the machine.
            $"import os, time\nwhile not os.path.exists('/tmp/go'): time.sleep(0.01)\nx = b'a' * ({allocateMb} << 20)");
        try
        {
            var pid = long.Parse(await DockerAsync("inspect", "-f", "{{.State.Pid}}", id), System.Globalization.CultureInfo.InvariantCulture);
            var dir = SandboxCgroup.Of(pid)?.MemoryDir ?? throw new InvalidOperationException($"no memory cgroup for pid {pid}");
            using var events = OomEvents.Register(dir);

            // Detached: under runsc, an attached exec whose container exits as it ends may never hear back (reproduced
            // by hand: 2 of 24 `docker exec … touch /tmp/go` hung with the container already exited 0).
            await DockerAsync("exec", "-d", id, "touch", "/tmp/go");
            await DockerAsync("wait", id);
            for (var waited = 0; Directory.Exists(dir); waited += 50)
            {
                Assert.True(waited < 30_000, $"{dir} still there 30 s after the container exited");
                await Task.Delay(50);
            }

            Assert.Equal(killed, await events.KilledAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        }
        finally
        {
            await DockerAsync("rm", "-f", id);
        }
    }

    private static async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("docker", arguments, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"docker {arguments[0]}: {result.Output}");
        return result.StandardOutput.Trim();
    }
}
