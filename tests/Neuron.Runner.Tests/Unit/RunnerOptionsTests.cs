using System.ComponentModel.DataAnnotations;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Unit;

public sealed class RunnerOptionsTests
{
    private static List<string> Errors(RunnerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }

    private static RunnerOptions Valid() => new() { Secret = new string('s', 32), InstanceId = "node-1" };

    [Fact]
    public void ValidSettings_PassValidation() => Assert.Empty(Errors(Valid()));

    [Fact]
    public void ShortSecret_IsRefused()
    {
        var options = Valid();
        options.Secret = "short";

        Assert.Contains(Errors(options), e => e.Contains("Secret"));
    }

    [Fact]
    public void LongSocketRoot_IsRefused_UnixSocketPathsAreShort()
    {
        var options = Valid();
        options.SocketRoot = "/" + new string('x', 70);

        Assert.Contains(Errors(options), e => e.Contains("SocketRoot"));
    }

    [Fact]
    public void PerLanguagePoolOutOfRange_IsRefused()
    {
        var options = Valid();
        options.Pools["python"] = 65;

        Assert.Contains(Errors(options), e => e.Contains("Pools:python"));
    }

    [Fact]
    public void InstanceIdsThatCannotNameAContainer_AreRefused()
    {
        var options = Valid();
        options.InstanceId = "Not Valid!";

        Assert.Contains(Errors(options), e => e.Contains("InstanceId"));
    }

    [Fact]
    public void StaticIsolation_WithoutLaunchersOrMemory_IsRefused()
    {
        var options = Valid();
        options.Isolation = SandboxIsolation.Static;

        var errors = Errors(options);

        Assert.Contains(errors, e => e.Contains("StaticLaunchers"));
        Assert.Contains(errors, e => e.Contains("StaticMemoryMb"));
    }

    [Fact]
    public void StaticIsolation_PoolSizeIsTheNumberOfSockets_AndUnlistedLanguagesAreOff()
    {
        var options = Valid();
        options.Isolation = SandboxIsolation.Static;
        options.StaticMemoryMb = 512;
        options.StaticLaunchers["python"] = "/run/neuron/python-0/launcher.sock, /run/neuron/python-1/launcher.sock";

        Assert.Empty(Errors(options));
        Assert.Equal(2, options.PoolSizeFor("python"));
        Assert.Equal(0, options.PoolSizeFor("java"));
    }

    [Fact]
    public void StaticIsolation_RelativeSocketPath_IsRefused()
    {
        var options = Valid();
        options.Isolation = SandboxIsolation.Static;
        options.StaticMemoryMb = 512;
        options.StaticLaunchers["python"] = "launcher.sock";

        Assert.Contains(Errors(options), e => e.Contains("absolute"));
    }

    [Fact]
    public void Runtime_IsRuncByDefault_ChosenPerDeployment_AndOverriddenPerLanguage()
    {
        var options = Valid();
        Assert.Equal("runc", options.RuntimeNameFor("python"));

        options.Runtime = SandboxRuntime.Runsc;
        options.Runtimes["java"] = SandboxRuntime.Runc;

        Assert.Equal("runsc", options.RuntimeNameFor("python"));
        Assert.Equal("runc", options.RuntimeNameFor("java"));
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Runtime_InStaticIsolation_IsRefused_AndReportedAsStatic()
    {
        var options = Valid();
        options.Isolation = SandboxIsolation.Static;
        options.StaticMemoryMb = 256;
        options.StaticLaunchers["python"] = "/run/neuron/python/launcher.sock";
        Assert.Equal("static", options.RuntimeNameFor("python"));

        options.Runtime = SandboxRuntime.Runsc;

        Assert.Contains(Errors(options), e => e.Contains("Isolation docker only"));
    }
}
