using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat;

/// <summary>
/// How isolate (the sandbox behind both Judge0 and Piston) would have reported a run that got past compilation:
/// its <c>status</c> (<c>RE</c> non-zero exit, <c>SG</c> a fatal signal, <c>TO</c> time, <c>OL</c>/<c>EL</c> stdout/stderr
/// over the output limit — Piston's additions —, <c>XX</c> internal error; null when the program ran fine), the signal
/// and isolate's message. Both adapters derive their own verdicts from it. Neither peer has a memory verdict: a
/// program over its memory is reported the way isolate sees it die — by its signal (the cgroup's OOM kill is
/// SIGKILL, C++'s <c>std::bad_alloc</c> SIGABRT), or as a non-zero exit when the runtime caught it (Python's
/// <c>MemoryError</c>, Java's <c>OutOfMemoryError</c>) — with the message "Memory limit exceeded".
/// </summary>
public sealed record IsolateOutcome(string? Status, int? Signal, string? Message)
{
    public const string RuntimeError = "RE";
    public const string Signaled = "SG";
    public const string TimedOut = "TO";
    public const string StdoutLimit = "OL";
    public const string StderrLimit = "EL";
    public const string InternalError = "XX";

    private const int SigKill = 9;
    private const string MemoryMessage = "Memory limit exceeded";

    private static readonly IsolateOutcome Fine = new(null, null, null);

    /// <summary>The outcome of a final run that is not a compile error (see <see cref="RunRecord.Verdict"/>).</summary>
    public static IsolateOutcome Of(RunRecord run)
    {
        var result = run.Result;
        if (run.Status == RunStatus.Failed)
            return new(InternalError, null, run.Error ?? "Internal error");
        return run.Verdict switch
        {
            Verdicts.RuntimeError => result.Signal is { } signal
                ? new(Signaled, signal, $"Caught fatal signal {signal}")
                : new(RuntimeError, null, $"Exited with error status {result.ExitCode ?? 1}"),
            Verdicts.TimeLimit => new(TimedOut, result.Signal, "Time limit exceeded"),
            Verdicts.MemoryLimit => result.Signal is { } killed ? new(Signaled, killed, MemoryMessage)
                : result.ExitCode is not (null or 0) ? new(RuntimeError, null, MemoryMessage)
                : new(Signaled, SigKill, MemoryMessage),
            Verdicts.OutputLimit => result.StdoutTruncated || !result.StderrTruncated
                ? new(StdoutLimit, result.Signal, "stdout length exceeded")
                : new(StderrLimit, result.Signal, "stderr length exceeded"),
            Verdicts.InternalError => new(InternalError, null, run.Error ?? (result.Stderr.Length > 0 ? result.Stderr : "Internal error")),
            _ => Fine,
        };
    }
}
