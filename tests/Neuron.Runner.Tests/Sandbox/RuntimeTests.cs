using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>The runtime a run's sandbox ran under is the configured one, and the program can tell: gVisor's kernel is its own.</summary>
[Collection(RunnerCollection.Name)]
public sealed class RuntimeTests(RunnerFixture runner)
{
    /// <summary>The release gVisor's Sentry reports whatever the host runs (issue 18's acceptance check).</summary>
    private const string GvisorKernelRelease = "4.4.0";

    [Fact]
    public async Task UnameR_IsGvisorsKernelUnderRunsc_AndTheHostsUnderRunc_AndTheResultNamesTheRuntime()
    {
        var result = await runner.RunAsync("bash", "uname -r");

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(RuntimeUnderTest.Name, result.Runtime);
        if (RuntimeUnderTest.IsGvisor)
            Assert.Equal(GvisorKernelRelease + "\n", result.Stdout);
        else
            Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease"), result.Stdout);
    }

    /// <summary>
    /// Under runsc the host kills the whole sandbox (gVisor's Sentry holds the memory), and only Docker's OOM event
    /// says why; under runc the kernel kills the program. Either way the run is memory_limit and the next run is fine.
    /// </summary>
    [Fact]
    public async Task ARunOverItsMemoryLimit_IsMemoryLimit_UnderEitherRuntime_AndTheNextRunIsOk()
    {
        var result = await runner.RunAsync("python", "x = 'a' * (2 * 1024 ** 3)\nprint(len(x))", limits: new RunLimits(TimeMs: 10_000, MemoryMb: 128));
        var next = await runner.RunAsync("python", "print('after')");

        Assert.Equal(Verdicts.MemoryLimit, result.Verdict);
        Assert.Equal(RuntimeUnderTest.Name, result.Runtime);
        Assert.Equal("after\n", next.Stdout);
    }

    /// <summary>
    /// A limit other than the container's is applied before the run, both ways: runc's through `docker update`,
    /// runsc's by writing the host cgroup (gVisor 2022 has no `update`: dockerd's answer was a 500, the run internal_error).
    /// </summary>
    [Fact]
    public async Task ARunsOwnMemoryLimit_IsApplied_RaisedAndLowered_UnderEitherRuntime()
    {
        const string allocate = "x = b'a' * ({0} * 1024 ** 2)\nprint(len(x) >> 20)";
        var raised = await runner.RunAsync("python", string.Format(allocate, 160), limits: new RunLimits(TimeMs: 10_000, MemoryMb: 320));
        var lowered = await runner.RunInSandboxAsync(raised.Sandbox, new ExecuteRequest("python", string.Format(allocate, 100),
            Limits: new RunLimits(TimeMs: 10_000, MemoryMb: 64)));

        Assert.True(raised.Verdict == Verdicts.Ok, $"{raised.Verdict}: {raised.Stderr}");
        Assert.Equal("160\n", raised.Stdout); // more than the default 128 MB
        Assert.Equal(Verdicts.MemoryLimit, lowered.Verdict);
        Assert.Equal(RuntimeUnderTest.Name, lowered.Runtime);
    }
}
