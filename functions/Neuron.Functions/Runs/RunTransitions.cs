using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// Every status change a run can make, as pure functions; callers store the result under the previous ETag.
/// queued → running (<see cref="Claim"/>) → completed | failed (<see cref="Complete"/>, <see cref="Fail"/>);
/// running → queued (<see cref="Release"/>, <see cref="Requeue"/>) when the attempt must be retried.
/// </summary>
public static class RunTransitions
{
    public static RunRecord Claim(RunRecord run, DateTimeOffset now, TimeSpan lease) => run with
    {
        Status = RunStatus.Running,
        StartedAt = now,
        LeaseUntil = now + lease,
        Attempts = run.Attempts + 1,
    };

    /// <summary>The runner was unavailable: hand the run back to the queue's retry.</summary>
    public static RunRecord Release(RunRecord run, DateTimeOffset now) => run with { Status = RunStatus.Queued, QueuedAt = now };

    /// <summary>The sweeper puts a stuck run back in the queue.</summary>
    public static RunRecord Requeue(RunRecord run, DateTimeOffset now) => run with
    {
        Status = RunStatus.Queued,
        QueuedAt = now,
        Requeues = run.Requeues + 1,
    };

    public static RunRecord Complete(RunRecord run, ExecuteResult result, DateTimeOffset now)
    {
        var verdict = result.Verdict;
        if (verdict == Verdicts.Ok && run.ExpectedOutput is not null && !ExpectedOutput.Matches(result.Stdout, run.ExpectedOutput))
            verdict = RunVerdicts.WrongAnswer;
        return run with
        {
            Status = verdict == Verdicts.InternalError ? RunStatus.Failed : RunStatus.Completed,
            Verdict = verdict,
            Version = string.IsNullOrEmpty(result.Version) ? run.Version : result.Version,
            Stdout = result.Stdout,
            Stderr = result.Stderr,
            CompileOutput = result.CompileOutput,
            StdoutTruncated = result.StdoutTruncated,
            StderrTruncated = result.StderrTruncated,
            ExitCode = result.ExitCode,
            Signal = result.Signal,
            TimeMs = result.WallMs,
            CpuMs = result.CpuMs,
            MemoryKb = result.MemoryKb,
            FinishedAt = now,
        };
    }

    public static RunRecord Fail(RunRecord run, string error, DateTimeOffset now) => run with
    {
        Status = RunStatus.Failed,
        Verdict = Verdicts.InternalError,
        Error = error,
        FinishedAt = now,
    };
}
