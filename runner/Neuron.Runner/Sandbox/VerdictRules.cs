using System.Text;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Sandbox;

/// <summary>Turns a launcher's facts into a verdict, and decides whether the container may be reused.</summary>
public static class VerdictRules
{
    /// <summary>
    /// The verdict for a run limited to <paramref name="memoryBytes"/>. A peak resident size above the limit is a memory
    /// verdict even when nothing stopped the program: a static sandbox cannot lower its container's limit per run.
    /// </summary>
    public static string Verdict(LauncherReport report, Language language, long memoryBytes)
    {
        var verdict = Verdict(report, language);
        return verdict is Verdicts.Ok or Verdicts.RuntimeError && report.Ran && report.RunStep.MemoryKb * 1024 > memoryBytes
            ? Verdicts.MemoryLimit
            : verdict;
    }

    public static string Verdict(LauncherReport report, Language language)
    {
        if (report.Error is not null)
            return Verdicts.InternalError;
        if (report.Compiled && !report.CompileStep.Succeeded)
            return report.CompileStep.SpawnFailed ? Verdicts.InternalError : Verdicts.CompileError;
        if (!report.Ran)
            return Verdicts.InternalError;
        var run = report.RunStep;
        if (run.SpawnFailed)
            return Verdicts.InternalError;
        if (run.OutputExceeded)
            return Verdicts.OutputLimit;
        // A program stopped for time while pressed against its memory limit was thrashing, not computing:
        // the kernel reclaims (and re-reads) page cache for a while before it kills for lack of memory.
        if (run.OutOfMemory || ((run.TimedOut || run.CpuExceeded) && run.MemoryPressed))
            return Verdicts.MemoryLimit;
        if (run.TimedOut || run.CpuExceeded)
            return Verdicts.TimeLimit;
        var failed = !run.Exited || run.ExitCode != 0;
        if (failed && RuntimeReportedOutOfMemory(report, language))
            return Verdicts.MemoryLimit;
        return failed ? Verdicts.RuntimeError : Verdicts.Ok;
    }

    /// <summary>
    /// Why the container must not serve another run, or null when it is provably clean. The launcher's janitor proves
    /// it clean after every job; on top of that, a run that pushed the container to a limit (the kernel's facts: time,
    /// OOM kill, memory pressure, output) retires it. What a program merely says or does to itself (an out-of-memory
    /// message, a signal it raised) does not: that would let any run throw containers away for free.
    /// </summary>
    public static string? DirtyReason(LauncherReport report, string verdict)
    {
        if (!report.Clean)
            return report.DirtyReason;
        if (report.Compiled && (report.CompileStep.TimedOut || report.CompileStep.OutOfMemory))
            return "compile_limit";
        return verdict switch
        {
            Verdicts.MemoryLimit => report.Ran && (report.RunStep.OutOfMemory || report.RunStep.MemoryPressed) ? verdict : null,
            Verdicts.TimeLimit or Verdicts.OutputLimit or Verdicts.InternalError => verdict,
            _ => null,
        };
    }

    /// <summary>What the caller sees as compiler output, including why the compiler was stopped.</summary>
    public static string CompileOutput(LauncherReport report, int compileTimeMs)
    {
        if (!report.Compiled)
            return "";
        var step = report.CompileStep;
        var note = step.TimedOut ? $"\n[neuron] compilation exceeded its time limit of {compileTimeMs} ms"
            : step.OutOfMemory ? "\n[neuron] the compiler ran out of memory"
            : "";
        return report.CompileOutput + note;
    }

    /// <summary>The longest stderr tail searched for the runtime's report (a Java stack trace is at most 1024 frames).</summary>
    private const int TailBytes = 128 * 1024;

    /// <summary>Whether stderr ENDS with the runtime's own out-of-memory report in its own format (see <see cref="Language.OutOfMemoryStderr"/>).</summary>
    private static bool RuntimeReportedOutOfMemory(LauncherReport report, Language language)
    {
        var stderr = report.Stderr;
        if (language.OutOfMemoryTail is not { } tail || stderr.Length == 0 || report.StderrTruncated)
            return false;
        var start = Math.Max(0, stderr.Length - TailBytes);
        if (start > 0)
            start = Array.IndexOf(stderr, (byte)'\n', start) is var newline and >= 0 ? newline + 1 : stderr.Length; // whole lines only
        return tail.IsMatch(Encoding.UTF8.GetString(stderr, start, stderr.Length - start));
    }
}
