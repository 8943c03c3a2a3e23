using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// A run with test cases: compiled once, run once per case with its own stdin in a fresh scratch directory under the
/// run's limits; each case gets its verdict and the run the first failing one's.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class TestCaseTests(RunnerFixture runner)
{
    /// <summary>Doubles the number it reads; exits 3 for a negative one.</summary>
    private const string Doubler = "#include <iostream>\nint main() { long n; std::cin >> n; if (n < 0) return 3; std::cout << n * 2 << std::endl; }";

    [Fact]
    public async Task MixedCases_EachGetItsVerdict_AndTheRunTakesTheFirstFailure()
    {
        var result = await runner.RunAsync(new ExecuteRequest("cpp", Doubler, Tests:
        [
            new TestCaseInput("1\n", "2", "one"),
            new TestCaseInput("2\n", "5", "two"),
            new TestCaseInput("-1\n", "", "negative"),
            new TestCaseInput("21\n", "42\n\n", "twenty-one"),
            new TestCaseInput("7\n", null),
        ]));

        Assert.Equal(Verdicts.WrongAnswer, result.Verdict);
        var tests = result.Tests!;
        Assert.Equal(["one", "two", "negative", "twenty-one", null], tests.Select(t => t.Name));
        Assert.Equal([Verdicts.Ok, Verdicts.WrongAnswer, Verdicts.RuntimeError, Verdicts.Ok, Verdicts.Ok], tests.Select(t => t.Verdict));
        Assert.Equal(["2\n", "4\n", "", "42\n", "14\n"], tests.Select(t => t.Stdout));
        Assert.Equal(3, tests[2].ExitCode);
        Assert.All(tests, t => Assert.True(t.MemoryKb > 0));
        // The run's own output is its deciding case's: the first that failed.
        Assert.Equal("4\n", result.Stdout);
        Assert.Equal(tests.Sum(t => t.CpuMs), result.CpuMs);
        Assert.Equal(tests.Max(t => t.TimeMs), result.WallMs);
    }

    [Fact]
    public async Task TimeLimitInCase3Of5_IsThatCasesVerdict_AndTheOthersStillRun()
    {
        var source = "n = int(input())\nwhile n == 3:\n    pass\nprint(n * n)";
        // 2 s, not less: under runsc each case starts a cold interpreter, and the loaded runsc leg saw one take 677 ms
        // (cases 4 and 5 of a 500 ms limit then ran out of time too).
        var result = await runner.RunAsync(new ExecuteRequest("python", source, Limits: new RunLimits(TimeMs: 2000),
            Tests: [.. Enumerable.Range(1, 5).Select(n => new TestCaseInput($"{n}\n", $"{n * n}\n"))]));

        Assert.Equal(Verdicts.TimeLimit, result.Verdict);
        Assert.Equal([Verdicts.Ok, Verdicts.Ok, Verdicts.TimeLimit, Verdicts.Ok, Verdicts.Ok], result.Tests!.Select(t => t.Verdict));
        Assert.True(result.Tests![2].TimeMs >= 2000, $"case 3 ran {result.Tests[2].TimeMs} ms");
        Assert.Equal("16\n", result.Tests[3].Stdout);
    }

    [Fact]
    public async Task CompileError_RunsNoCase()
    {
        var result = await runner.RunAsync(new ExecuteRequest("cpp", "int main() { return undefined_name; }",
            Tests: [new TestCaseInput("1", "1"), new TestCaseInput("2", "2"), new TestCaseInput("3", "3")]));

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.Contains("undefined_name", result.CompileOutput);
        Assert.Equal(3, result.Tests!.Count);
        Assert.All(result.Tests, t => Assert.Equal(Verdicts.Skipped, t.Verdict));
        Assert.All(result.Tests, t => Assert.Equal("", t.Stdout));
    }

    [Fact]
    public async Task StopOnFirstFailure_SkipsTheCasesAfterIt()
    {
        TestCaseInput[] cases = [new("1\n", "2"), new("2\n", "5"), new("3\n", "6")];

        var stopped = await runner.RunAsync(new ExecuteRequest("cpp", Doubler, Tests: cases, StopOnFirstFailure: true));
        var all = await runner.RunAsync(new ExecuteRequest("cpp", Doubler, Tests: cases));

        Assert.Equal(Verdicts.WrongAnswer, stopped.Verdict);
        Assert.Equal([Verdicts.Ok, Verdicts.WrongAnswer, Verdicts.Skipped], stopped.Tests!.Select(t => t.Verdict));
        Assert.Equal([Verdicts.Ok, Verdicts.WrongAnswer, Verdicts.Ok], all.Tests!.Select(t => t.Verdict));
    }

    [Fact]
    public async Task EachCase_StartsWithAFreshScratchDirectory()
    {
        // Each case reports what an earlier case could have left, then leaves it.
        var source = """
            import os
            seen = [p for p in ('marker', '/tmp/marker', '/dev/shm/marker') if os.path.exists(p)]
            print('seen ' + ','.join(seen) if seen else 'fresh', sorted(os.listdir('.')))
            text = input()
            for p in ('marker', '/tmp/marker', '/dev/shm/marker'):
                open(p, 'w').write(text)
            """;
        var result = await runner.RunAsync(new ExecuteRequest("python", source,
            Tests: [.. Enumerable.Range(1, 4).Select(n => new TestCaseInput($"case {n}\n", "fresh ['main.py', 'out']"))]));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.All(result.Tests!, t => Assert.Equal("fresh ['main.py', 'out']\n", t.Stdout));
    }

    [Fact]
    public async Task CaseOutput_IsReportedUpToItsBound_WhileTheVerdictSeesAllOfIt()
    {
        var source = "print('x' * 20000)";
        var result = await runner.RunAsync(new ExecuteRequest("python", source, Tests:
        [
            new TestCaseInput("", new string('x', 20000)),
            new TestCaseInput("", new string('x', 19999)),
        ]));

        Assert.Equal([Verdicts.Ok, Verdicts.WrongAnswer], result.Tests!.Select(t => t.Verdict));
        Assert.All(result.Tests!, t => Assert.Equal(TestCaseResult.MaxReportedBytes, t.Stdout.Length));
        Assert.All(result.Tests!, t => Assert.True(t.StdoutTruncated));
    }
}
