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
}
