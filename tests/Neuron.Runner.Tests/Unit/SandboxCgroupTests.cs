using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Unit;

public sealed class SandboxCgroupTests
{
    [Fact]
    public void SeparateHierarchies_AreFoundByController()
    {
        var cgroup = SandboxCgroup.Parse(
            ["9:name=systemd:/docker/abc", "4:memory:/docker/abc", "2:cpuacct:/docker/abc", "1:cpu:/docker/abc", "0::/docker/abc"], "/cg");

        Assert.NotNull(cgroup);
        Assert.Equal("/cg/memory/docker/abc", cgroup.MemoryDir);
        Assert.Equal("/cg/cpuacct/docker/abc", cgroup.CpuacctDir);
    }

    [Fact]
    public void CoMountedControllers_UseTheirJointFolder()
    {
        var cgroup = SandboxCgroup.Parse(["5:memory:/system.slice/docker-abc.scope", "3:cpu,cpuacct:/system.slice/docker-abc.scope"], "/cg");

        Assert.Equal("/cg/cpu,cpuacct/system.slice/docker-abc.scope", cgroup?.CpuacctDir);
    }

    [Fact]
    public void CgroupV2Only_IsUnknown() => Assert.Null(SandboxCgroup.Parse(["0::/docker/abc"], "/cg"));

    [Fact]
    public void ResettingAGoneCgroup_ReportsEveryCounter_WithoutThrowing()
    {
        var gone = new SandboxCgroup("/nonexistent/memory", "/nonexistent/cpuacct");

        Assert.Equal(9, gone.ResetCounters().Count);
    }
}
