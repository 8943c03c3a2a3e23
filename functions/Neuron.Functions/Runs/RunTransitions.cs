using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// Every status change a run can make, as pure functions; <see cref="RunLifecycle"/> stores the result under the
/// previous ETag. A run is <see cref="Submitted"/> queued → running (<see cref="Claim"/>) → completed | failed
/// (<see cref="Complete"/>, <see cref="Fail"/>); running → queued (<see cref="Release"/>) when the runner could not take
/// it, queued | running → queued (<see cref="Requeue"/>) when the sweeper recovers it. A final run changes no more:
/// each transition out of one throws, so a bug cannot overwrite a stored result.
/// </summary>
public static class RunTransitions
{
    /// <summary>A new run, queued now.</summary>
    public static RunRecord Submitted(string id, RunValidator.Valid valid, string caller, string? keyId, DateTimeOffset now) => new()
    {
        Id = id,
        Status = RunStatus.Queued,
        Language = valid.Language.Id,
        Version = valid.Language.Version,
        Limits = valid.Limits,
        Source = valid.Files is null ? valid.Request.Source! : "",
        Files = valid.Files,
        Tests = valid.Request.Tests,
        StopOnFirstFailure = valid.Request.StopOnFirstFailure ?? false,
        Stdin = valid.Request.Stdin,
        Args = valid.Request.Args,
        ExpectedOutput = valid.Request.ExpectedOutput,
        SessionId = valid.Request.SessionId,
        Caller = caller,
        KeyId = keyId,
        CreatedAt = now,
        QueuedAt = now,
    };

    /// <summary>Whether a dispatcher holds a live lease on the run at <paramref name="now"/> (nobody else may claim or fail it).</summary>
    public static bool IsLeased(RunRecord run, DateTimeOffset now) => run.Status == RunStatus.Running && run.LeaseUntil > now;

    public static RunRecord Claim(RunRecord run, DateTimeOffset now, TimeSpan lease) => NotFinal(run, nameof(Claim)) with
    {
        Status = RunStatus.Running,
        StartedAt = now,
        LeaseUntil = now + lease,
        Attempts = run.Attempts + 1,
    };

    /// <summary>The runner was unavailable: hand the run back to the queue's retry.</summary>
    public static RunRecord Release(RunRecord run, DateTimeOffset now) => run.Status == RunStatus.Running
        ? run with { Status = RunStatus.Queued, QueuedAt = now }
        : throw new InvalidOperationException($"Run {run.Id} is {run.Status}: only a running run is released.");

    /// <summary>The sweeper puts a stuck run back in the queue.</summary>
    public static RunRecord Requeue(RunRecord run, DateTimeOffset now) => NotFinal(run, nameof(Requeue)) with
    {
        Status = RunStatus.Queued,
        QueuedAt = now,
        Requeues = run.Requeues + 1,
    };

    /// <summary>
    /// The runner's result: an <c>ok</c> whose stdout differs from the expected output (<see cref="ExpectedOutput"/>)
    /// is a <c>wrong_answer</c>, and the runner's <c>internal_error</c> fails the run.
    /// </summary>
    public static RunRecord Complete(RunRecord run, ExecuteResult result, DateTimeOffset now)
    {
        var verdict = result.Verdict;
        if (verdict == Verdicts.Ok && run.ExpectedOutput is not null && !ExpectedOutput.Matches(result.Stdout, run.ExpectedOutput))
            verdict = Verdicts.WrongAnswer;
        return NotFinal(run, nameof(Complete)) with
        {
            Status = verdict == Verdicts.InternalError ? RunStatus.Failed : RunStatus.Completed,
            Verdict = verdict,
            Version = string.IsNullOrEmpty(result.Version) ? run.Version : result.Version,
            Result = RunResult.From(result),
            FinishedAt = now,
        };
    }

    public static RunRecord Fail(RunRecord run, string error, DateTimeOffset now) => NotFinal(run, nameof(Fail)) with
    {
        Status = RunStatus.Failed,
        Verdict = Verdicts.InternalError,
        Error = error,
        FinishedAt = now,
    };

    private static RunRecord NotFinal(RunRecord run, string transition) => run.IsFinal
        ? throw new InvalidOperationException($"Run {run.Id} is {run.Status} already: it cannot {transition.ToLowerInvariant()}.")
        : run;
}
