using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Verdicts come from what the kernel measured, not from what the program printed or did to itself; and what a program
/// only says or does to itself does not cost its container (that would make container churn free).
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class VerdictEvidenceTests(RunnerFixture runner)
{
    [Fact]
    public async Task TheWordMemoryError_InAnExceptionMessage_IsRuntimeError_AndTheContainerServesOn()
    {
        var a = await runner.RunAsync("python", "raise Exception('MemoryError')");
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", Programs.Hello["python"]));

        Assert.Equal(Verdicts.RuntimeError, a.Verdict);
        Assert.Equal(1, a.ExitCode);
        Assert.Equal(Verdicts.Ok, b.Verdict);
    }

    [Fact]
    public async Task ARuntimesOutOfMemoryLine_WrittenByTheProgram_CostsNoContainer()
    {
        // Indistinguishable from Python's own report, so the verdict is memory_limit; but nothing pressed the container.
        var a = await runner.RunAsync("python", "import sys\nsys.stderr.write('MemoryError\\n')\nsys.exit(1)");
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", Programs.Hello["python"]));

        Assert.Equal(Verdicts.MemoryLimit, a.Verdict);
        Assert.Equal(Verdicts.Ok, b.Verdict);
    }

    [Theory]
    [InlineData("python", "import os, signal\nos.kill(os.getpid(), signal.SIGXCPU)")]
    [InlineData("c", "#include <signal.h>\nint main(void) { raise(SIGXCPU); return 0; }")]
    public async Task SigxcpuRaisedByTheProgram_IsRuntimeError_NotTimeLimit(string language, string source)
    {
        var a = await runner.RunAsync(language, source);
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest(language, Programs.Hello[language]));

        Assert.Equal(Verdicts.RuntimeError, a.Verdict);
        Assert.Equal(24, a.Signal);
        Assert.Equal(Verdicts.Ok, b.Verdict);
    }

    [Theory]
    [InlineData("javascript", "const a = []; for (;;) a.push(new Array(100000).fill(1.5));")]
    [InlineData("cpp", "#include <cstdio>\nint main() { char* p = new char[1ULL << 40]; std::printf(\"%d\", p[0]); }")]
    [InlineData("python", "x = [0] * (10 ** 11)")]
    public async Task RealOutOfMemory_InEveryRuntimesOwnWay_IsMemoryLimit(string language, string source)
    {
        var result = await runner.RunAsync(language, source, limits: new RunLimits(TimeMs: 10_000));
        var next = await runner.RunAsync(language, Programs.Hello[language]);

        // gVisor's Sentry reserves the terabyte (address space, not memory) and the program touches one page of it: a
        // limit on memory used has nothing to stop (touching more is memory_limit: LimitTests.Allocating2GB…).
        var expected = RuntimeUnderTest.IsGvisor && language == "cpp" ? Verdicts.Ok : Verdicts.MemoryLimit;
        Assert.True(result.Verdict == expected, $"{result.Verdict}: {result.Stderr}");
        Assert.Equal(Verdicts.Ok, next.Verdict);
    }
}
