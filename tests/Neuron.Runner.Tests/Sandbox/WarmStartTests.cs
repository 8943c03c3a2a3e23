using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Python and JavaScript programs are handed to an interpreter pre-started in the idle container (launcher.c). Under
/// runsc there is no warm start (the hand-over fails in gVisor's ptrace platform: runner README, "gVisor"), so there
/// every run must start cold, and still behave the same.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class WarmStartTests(RunnerFixture runner)
{
    [Theory]
    [InlineData("python")]
    [InlineData("javascript")]
    public async Task Programs_StartWarm_RunAfterRun(string language)
    {
        var before = await StartsAsync(language);

        // What is asserted is the warm hand-over, not speed: a wall limit well above the default, which a starved machine
        // once exceeded for a Node.js hello world.
        for (var i = 0; i < 3; i++)
            Assert.Equal($"hello from {language}\n", (await runner.RunAsync(language, Programs.Hello[language], limits: new RunLimits(TimeMs: 10_000))).Stdout);

        var after = await StartsAsync(language);
        if (RuntimeUnderTest.IsGvisor)
            Assert.True(after.Warm == before.Warm && after.Cold - before.Cold >= 3, $"under runsc every run should start cold: {before} → {after}");
        else
            Assert.True(after.Warm - before.Warm >= 3, "every run should have been handed to a pre-started interpreter");
    }

    [Fact]
    public async Task Python_WarmStart_LooksLikeAColdStart_ToTheProgram()
    {
        const string source = """
            import sys
            print(__name__, __file__, sys.argv, sys.path[0], sorted(k for k in globals() if not k.startswith("__")))
            def fail(): return 1 / 0
            fail()
            """;
        var result = await runner.RunAsync(new ExecuteRequest("python", source, Args: ["a b", "c"]));

        Assert.Equal(Verdicts.RuntimeError, result.Verdict);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("__main__ /work/main.py ['main.py', 'a b', 'c'] /work ['sys']\n", result.Stdout);
        Assert.StartsWith("Traceback (most recent call last):\n  File \"/work/main.py\", line 4, in <module>", result.Stderr);
        Assert.EndsWith("ZeroDivisionError: division by zero\n", result.Stderr);
    }

    [Fact]
    public async Task JavaScript_WarmStart_LooksLikeAColdStart_ToTheProgram()
    {
        const string source = """
            console.log(require.main === module, __filename, JSON.stringify(process.argv.slice(2)));
            process.exitCode = 3;
            """;
        var result = await runner.RunAsync(new ExecuteRequest("javascript", source, Args: ["a b", "c"]));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("true /work/main.js [\"a b\",\"c\"]\n", result.Stdout);
    }

    [Fact]
    public async Task WarmStart_StillEnforcesTheTimeLimit_AndTheNextRunIsFine()
    {
        var before = await StartsAsync("python");
        var spin = await runner.RunAsync("python", "while True: pass", limits: new RunLimits(TimeMs: 500));
        var next = await runner.RunAsync("python", "print('next')");

        Assert.Equal(Verdicts.TimeLimit, spin.Verdict);
        Assert.Equal("next\n", next.Stdout);
        var after = await StartsAsync("python");
        Assert.True(RuntimeUnderTest.IsGvisor ? after.Warm == before.Warm && after.Cold - before.Cold >= 2 : after.Warm - before.Warm >= 2, $"{before} → {after}");
    }

    private Task<(long Warm, long Cold)> StartsAsync(string language) =>
        StartCounters.ReadAsync(runner.UnsignedClient, StartCounters.Programs, language);
}
