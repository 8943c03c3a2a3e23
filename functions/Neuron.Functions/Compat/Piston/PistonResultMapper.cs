using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// A final run as Piston's <c>execute</c> answer. Neuron keeps a program's stdout and stderr apart, so <c>output</c> is
/// stdout followed by stderr (Piston interleaves them in the order written; the two agree whenever a program writes
/// to one stream). The compile stage reports the compiler's combined output as its stderr; its exit code is 0, or 1
/// for a compile error, after which Piston repeats the compile stage as <c>run</c>.
/// </summary>
public static class PistonResultMapper
{
    public static PistonExecuteResult From(RunRecord run, LanguageInfo language)
    {
        var name = PistonRuntimes.NameOf(language.Id);
        var version = SemVersion.FromRuntimeVersion(run.Version).ToString();
        var result = run.Result;
        if (run.Verdict == Verdicts.CompileError)
        {
            var failed = Compile(result.CompileOutput, failed: true);
            return new PistonExecuteResult(name, version, failed, failed);
        }
        var compile = language.Compiled ? Compile(result.CompileOutput, failed: false) : null;
        return new PistonExecuteResult(name, version, Run(run), compile);
    }

    private static PistonStage Compile(string output, bool failed) => new(
        Stdout: "", Stderr: output, Output: output,
        Code: failed ? 1 : 0, Signal: null,
        Message: failed ? "Exited with error status 1" : null, Status: failed ? IsolateOutcome.RuntimeError : null,
        CpuTime: null, WallTime: null, Memory: null);

    private static PistonStage Run(RunRecord run)
    {
        var result = run.Result;
        var outcome = IsolateOutcome.Of(run);
        // As Piston: a stage it killed (time, output) reports SIGKILL.
        var signal = outcome.Status is IsolateOutcome.TimedOut or IsolateOutcome.StdoutLimit or IsolateOutcome.StderrLimit
            ? PistonSignals.Kill
            : PistonSignals.NameOf(outcome.Signal ?? result.Signal);
        return new PistonStage(
            result.Stdout, result.Stderr, result.Stdout + result.Stderr,
            Code: signal is null ? result.ExitCode : null,
            Signal: signal,
            Message: outcome.Message,
            Status: outcome.Status,
            CpuTime: result.CpuMs,
            WallTime: result.TimeMs,
            Memory: result.MemoryKb * 1024);
    }
}
