using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0's statuses (1 In Queue … 14 Exec Format Error) and the one a run has. Runtime errors are split as Judge0
/// splits them: by the fatal signal (SIGSEGV 7, SIGXFSZ 8, SIGFPE 9, SIGABRT 10, any other 12), or NZEC (11) for a
/// non-zero exit. Judge0 has no memory status: a run over its memory gets the status of the way it died
/// (<see cref="IsolateOutcome"/>; the cgroup's OOM kill is SIGKILL, so 12), with the message "Memory limit exceeded".
/// Output over the limit is 8 (SIGXFSZ), which is what Judge0 reports when a program's output outgrows its file limit.
/// </summary>
public sealed record Judge0Status(int Id, string Description)
{
    public static readonly Judge0Status InQueue = new(1, "In Queue");
    public static readonly Judge0Status Processing = new(2, "Processing");
    public static readonly Judge0Status Accepted = new(3, "Accepted");
    public static readonly Judge0Status WrongAnswer = new(4, "Wrong Answer");
    public static readonly Judge0Status TimeLimitExceeded = new(5, "Time Limit Exceeded");
    public static readonly Judge0Status CompilationError = new(6, "Compilation Error");
    public static readonly Judge0Status Sigsegv = new(7, "Runtime Error (SIGSEGV)");
    public static readonly Judge0Status Sigxfsz = new(8, "Runtime Error (SIGXFSZ)");
    public static readonly Judge0Status Sigfpe = new(9, "Runtime Error (SIGFPE)");
    public static readonly Judge0Status Sigabrt = new(10, "Runtime Error (SIGABRT)");
    public static readonly Judge0Status Nzec = new(11, "Runtime Error (NZEC)");
    public static readonly Judge0Status OtherRuntimeError = new(12, "Runtime Error (Other)");
    public static readonly Judge0Status InternalError = new(13, "Internal Error");
    public static readonly Judge0Status ExecFormatError = new(14, "Exec Format Error");

    public static readonly IReadOnlyList<Judge0Status> All =
    [
        InQueue, Processing, Accepted, WrongAnswer, TimeLimitExceeded, CompilationError, Sigsegv, Sigxfsz, Sigfpe, Sigabrt,
        Nzec, OtherRuntimeError, InternalError, ExecFormatError,
    ];

    public static Judge0Status Of(RunRecord run)
    {
        if (run.Status == RunStatus.Queued)
            return InQueue;
        if (run.Status == RunStatus.Running)
            return Processing;
        if (run.Status == RunStatus.Completed && run.Verdict == Verdicts.CompileError)
            return CompilationError;
        var outcome = IsolateOutcome.Of(run);
        return outcome.Status switch
        {
            IsolateOutcome.TimedOut => TimeLimitExceeded,
            IsolateOutcome.Signaled => BySignal(outcome.Signal),
            IsolateOutcome.RuntimeError => Nzec,
            IsolateOutcome.StdoutLimit or IsolateOutcome.StderrLimit => Sigxfsz,
            IsolateOutcome.InternalError => InternalError,
            _ => run.Verdict == Verdicts.WrongAnswer ? WrongAnswer : Accepted,
        };
    }

    /// <summary>Judge0's <c>find_runtime_error_by_status_code</c>.</summary>
    public static Judge0Status BySignal(int? signal) => signal switch
    {
        11 => Sigsegv,
        25 => Sigxfsz,
        8 => Sigfpe,
        6 => Sigabrt,
        _ => OtherRuntimeError,
    };
}
