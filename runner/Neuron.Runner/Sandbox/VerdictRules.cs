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
        if (failed && MentionsMemoryError(report.Stderr, language))
            return Verdicts.MemoryLimit;
        return failed ? Verdicts.RuntimeError : Verdicts.Ok;
    }

    /// <summary>Why the container must not serve another run, or null when it is provably clean.</summary>
    public static string? DirtyReason(LauncherReport report, string verdict)
    {
        if (!report.Clean)
            return report.DirtyReason;
        if (report.Compiled && (report.CompileStep.TimedOut || report.CompileStep.OutOfMemory))
            return "compile_limit";
        return verdict switch
        {
            Verdicts.TimeLimit or Verdicts.MemoryLimit or Verdicts.OutputLimit or Verdicts.InternalError => verdict,
            _ when report.Ran && report.RunStep.Signal != 0 => "signal",
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

    private static bool MentionsMemoryError(byte[] stderr, Language language)
    {
        if (language.MemoryErrorMarkers.Count == 0 || stderr.Length == 0)
            return false;
        var text = Encoding.UTF8.GetString(stderr);
        return language.MemoryErrorMarkers.Any(m => text.Contains(m, StringComparison.Ordinal));
    }
}
