using System.Text;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Execution;

/// <summary>
/// The verdict rules of test cases, as pure functions: a case's verdict (a wrong output is <c>wrong_answer</c>), its
/// reported (bounded) result, and the run's result from its cases (<see cref="ExecuteResult"/> says how).
/// </summary>
public static class TestCaseResults
{
    /// <summary>The case's verdict: the sandbox's, or <c>wrong_answer</c> for an <c>ok</c> whose stdout is not the expected one.</summary>
    public static string Verdict(string sandboxVerdict, string stdout, string? expectedOutput) =>
        sandboxVerdict == Verdicts.Ok && expectedOutput is not null && !ExpectedOutput.Matches(stdout, expectedOutput)
            ? Verdicts.WrongAnswer
            : sandboxVerdict;

    public static bool Failed(TestCaseResult result) => result.Verdict is not (Verdicts.Ok or Verdicts.Skipped);

    public static TestCaseResult Skipped(string? name) => new() { Name = name, Verdict = Verdicts.Skipped };

    /// <summary>A case's result with its outputs cut to <see cref="TestCaseResult.MaxReportedBytes"/>.</summary>
    public static TestCaseResult Bounded(ExecuteResult ran, string? name, string verdict)
    {
        var stdout = Cut(ran.Stdout, out var stdoutCut);
        var stderr = Cut(ran.Stderr, out var stderrCut);
        return new TestCaseResult
        {
            Name = name,
            Verdict = verdict,
            Stdout = stdout,
            StdoutTruncated = ran.StdoutTruncated || stdoutCut,
            Stderr = stderr,
            StderrTruncated = ran.StderrTruncated || stderrCut,
            ExitCode = ran.ExitCode,
            Signal = ran.Signal,
            TimeMs = ran.WallMs,
            CpuMs = ran.CpuMs,
            MemoryKb = ran.MemoryKb,
        };
    }

    /// <summary>
    /// The run's result: <paramref name="deciding"/> is the whole result of the first failing case (of the last case
    /// run when none failed, or of the compile that failed), <paramref name="cases"/> every case in order.
    /// </summary>
    public static ExecuteResult Combine(ExecuteResult deciding, IReadOnlyList<TestCaseResult> cases)
    {
        var ran = cases.Where(c => c.Verdict != Verdicts.Skipped).ToList();
        var failed = cases.FirstOrDefault(Failed);
        return deciding with
        {
            Verdict = failed?.Verdict ?? (ran.Count == 0 ? deciding.Verdict : Verdicts.Ok),
            WallMs = ran.Count == 0 ? deciding.WallMs : ran.Max(c => c.TimeMs),
            CpuMs = ran.Count == 0 ? deciding.CpuMs : ran.Sum(c => c.CpuMs),
            MemoryKb = ran.Count == 0 ? deciding.MemoryKb : ran.Max(c => c.MemoryKb),
            Tests = cases,
        };
    }

    /// <summary><paramref name="text"/> cut to at most <see cref="TestCaseResult.MaxReportedBytes"/> UTF-8 bytes, on a character boundary.</summary>
    public static string Cut(string text, out bool cut)
    {
        cut = Encoding.UTF8.GetByteCount(text) > TestCaseResult.MaxReportedBytes;
        if (!cut)
            return text;
        var bytes = Encoding.UTF8.GetBytes(text);
        var end = TestCaseResult.MaxReportedBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
            end--;
        return Encoding.UTF8.GetString(bytes, 0, end);
    }
}
