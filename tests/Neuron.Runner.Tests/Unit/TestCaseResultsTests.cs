using Neuron.Runner.Contracts;
using Neuron.Runner.Execution;

namespace Neuron.Runner.Tests.Unit;

public sealed class TestCaseResultsTests
{
    private static ExecuteResult Ran(string verdict, string stdout = "", int wallMs = 10, int cpuMs = 5, long memoryKb = 100) => new()
    {
        Verdict = verdict,
        Language = "cpp",
        Version = "g++ 12",
        Stdout = stdout,
        WallMs = wallMs,
        CpuMs = cpuMs,
        MemoryKb = memoryKb,
    };

    [Theory]
    [InlineData(Verdicts.Ok, "42\n", "42", Verdicts.Ok)]
    [InlineData(Verdicts.Ok, "42 \r\n\n", "42", Verdicts.Ok)]
    [InlineData(Verdicts.Ok, "41\n", "42", Verdicts.WrongAnswer)]
    [InlineData(Verdicts.Ok, "41\n", null, Verdicts.Ok)]
    [InlineData(Verdicts.RuntimeError, "41\n", "42", Verdicts.RuntimeError)]
    [InlineData(Verdicts.TimeLimit, "42\n", "42", Verdicts.TimeLimit)]
    public void CaseVerdict_IsWrongAnswerOnlyForAnOkWithAnotherOutput(string sandbox, string stdout, string? expected, string verdict) =>
        Assert.Equal(verdict, TestCaseResults.Verdict(sandbox, stdout, expected));

    [Fact]
    public void Combine_TakesTheFirstFailingVerdict_MaxTimeAndMemory_SumOfCpu()
    {
        TestCaseResult[] cases =
        [
            new() { Verdict = Verdicts.Ok, TimeMs = 10, CpuMs = 3, MemoryKb = 50 },
            new() { Verdict = Verdicts.TimeLimit, TimeMs = 500, CpuMs = 490, MemoryKb = 70 },
            new() { Verdict = Verdicts.WrongAnswer, TimeMs = 12, CpuMs = 4, MemoryKb = 90 },
            TestCaseResults.Skipped("late"),
        ];

        var run = TestCaseResults.Combine(Ran(Verdicts.TimeLimit, "partial"), cases);

        Assert.Equal(Verdicts.TimeLimit, run.Verdict);
        Assert.Equal(500, run.WallMs);
        Assert.Equal(497, run.CpuMs);
        Assert.Equal(90, run.MemoryKb);
        Assert.Equal("partial", run.Stdout);
        Assert.Same(cases, run.Tests);
    }

    [Fact]
    public void Combine_OfPassingCases_IsOk()
    {
        var run = TestCaseResults.Combine(Ran(Verdicts.Ok), [new() { Verdict = Verdicts.Ok }, new() { Verdict = Verdicts.Ok }]);

        Assert.Equal(Verdicts.Ok, run.Verdict);
    }

    [Fact]
    public void Combine_WhenNoCaseRan_KeepsTheCompilesVerdict()
    {
        var run = TestCaseResults.Combine(Ran(Verdicts.CompileError, wallMs: 300), [TestCaseResults.Skipped("a"), TestCaseResults.Skipped("b")]);

        Assert.Equal(Verdicts.CompileError, run.Verdict);
        Assert.Equal(300, run.WallMs);
    }

    [Fact]
    public void Cut_KeepsWholeCharacters_WithinTheBound()
    {
        var text = new string('a', TestCaseResult.MaxReportedBytes - 1) + "é" + "tail";

        var cut = TestCaseResults.Cut(text, out var wasCut);

        Assert.True(wasCut);
        Assert.Equal(new string('a', TestCaseResult.MaxReportedBytes - 1), cut);
        Assert.Equal("short", TestCaseResults.Cut("short", out var shortCut));
        Assert.False(shortCut);
    }
}
