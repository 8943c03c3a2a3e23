using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>What a run can learn about the host and its container (see the README's security model).</summary>
[Collection(RunnerCollection.Name)]
public sealed class HostInformationTests(RunnerFixture runner)
{
    [Fact]
    public async Task HostWideProcFiles_AreMasked()
    {
        var result = await runner.RunAsync("python", """
            for path in ['/proc/cmdline', '/proc/meminfo', '/proc/loadavg', '/proc/uptime', '/proc/stat', '/proc/vmstat',
                         '/proc/diskstats', '/proc/interrupts', '/proc/key-users', '/sys/fs/cgroup/memory/memory.stat']:
                try:
                    print(path, len(open(path).read()))
                except OSError as e:
                    print(path, 'unreadable')
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        foreach (var line in result.Stdout.TrimEnd().Split('\n'))
        {
            // Under runsc Docker's masks do not reach gVisor's /proc, whose files are the Sentry's own (the next test).
            if (RuntimeUnderTest.IsGvisor && GvisorsOwn.Any(p => line.StartsWith(p + " ", StringComparison.Ordinal)))
                continue;
            Assert.True(line.EndsWith(" 0", StringComparison.Ordinal) || line.EndsWith(" unreadable", StringComparison.Ordinal), line);
        }
    }

    /// <summary>The /proc files gVisor serves itself, unmasked: they describe the sandbox, not the host.</summary>
    private static readonly string[] GvisorsOwn = ["/proc/cmdline", "/proc/meminfo", "/proc/loadavg", "/proc/uptime", "/proc/stat"];

    /// <summary>
    /// Under runsc: a synthetic boot line, the container's memory as MemTotal, no load and no CPU time of anyone else.
    /// Under runc the same files read as empty (the masks above).
    /// </summary>
    [Fact]
    public async Task ProcFilesThatGvisorServes_DescribeTheSandbox_NotTheHost()
    {
        var result = await runner.RunAsync("python", """
            def read(path):
                return open(path).read()
            meminfo = [l.split()[1] for l in read('/proc/meminfo').splitlines() if l.startswith('MemTotal:')]
            print(repr(read('/proc/cmdline')), meminfo, read('/proc/loadavg').split()[3:4], read('/proc/stat').split('\n')[0].split()[1:5])
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        var hostMemKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.DoesNotContain(hostMemKb, result.Stdout);
        Assert.DoesNotContain(File.ReadAllText("/proc/cmdline").Trim(), result.Stdout);
        if (RuntimeUnderTest.IsGvisor)
            Assert.Matches(@"^'BOOT_IMAGE=/vmlinuz-4\.4\.0-gvisor quiet\\n' \['\d+'\] \['0/0'\] \['0', '0', '0', '0'\]\n$", result.Stdout);
        else
            Assert.Equal("'' [] [] []\n", result.Stdout);
    }

    [Fact]
    public async Task TheContainerIdAndRunnerInstance_AppearNowhereARunCanRead()
    {
        var result = await runner.RunAsync("python", """
            import socket
            print(open('/proc/self/cgroup').read() + open('/proc/self/mountinfo').read() + open('/etc/hostname').read()
                  + open('/etc/hosts').read() + open('/etc/resolv.conf').read() + socket.gethostname())
            """);
        var containers = await DockerEngine.ContainersOfAsync(runner.Docker, runner.InstanceId);
        var id = containers.Single(c => c.Names.Contains("/" + result.Sandbox)).ID;

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.DoesNotContain(id[..12], result.Stdout);
        Assert.DoesNotContain(runner.InstanceId, result.Stdout); // the runner's instance: the VM's name by default
        Assert.DoesNotContain(":/docker/", result.Stdout); // cgroup paths; the overlay's layer folders stay visible (see the README)
        Assert.DoesNotContain("nameserver", result.Stdout);
        Assert.All(result.Stdout.Split('\n').Where(l => l.Contains(":memory:", StringComparison.Ordinal)), l => Assert.EndsWith(":memory:/", l));
    }

    [Theory]
    [InlineData("python")]
    [InlineData("javascript")]
    [InlineData("java")]
    public async Task Runtimes_StillKnowTheirUserAndCpuCount_WithTheMasks(string language)
    {
        var source = language switch
        {
            "python" => "import getpass, os\nprint(getpass.getuser(), len(os.sched_getaffinity(0)) > 0)",
            "javascript" => "const os = require('os');\nconsole.log(os.userInfo().username, os.cpus().length >= 0 && os.totalmem() > 0)",
            _ => "public class Main { public static void main(String[] a) { System.out.println(System.getProperty(\"user.name\") + \" \" + (Runtime.getRuntime().availableProcessors() > 0)); } }",
        };
        var result = await runner.RunAsync(language, source, limits: new RunLimits(TimeMs: 10_000));

        Assert.True(result.Verdict == Verdicts.Ok, $"{result.Verdict}: {result.Stderr}");
        Assert.Equal("sandbox true", result.Stdout.Trim().ToLowerInvariant());
    }
}
