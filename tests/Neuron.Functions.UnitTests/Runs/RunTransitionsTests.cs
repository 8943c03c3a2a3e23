using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Runs;

public sealed class RunTransitionsTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Accepted.AddSeconds(3);

    private static RunRecord Queued(string? expectedOutput = null) => new()
    {
        Id = "0193a5b2c4d87e6f9a0b1c2d3e4f5a6b",
        Status = RunStatus.Queued,
        Language = "python",
        Version = "Python 3.11.2",
        Limits = new RunLimits(2000, 128, 64),
        ExpectedOutput = expectedOutput,
        CreatedAt = Accepted,
        QueuedAt = Accepted,
    };

    private static ExecuteResult Result(string verdict, string stdout = "42\n", string version = "Python 3.11.2") => new()
    {
        Verdict = verdict,
        Language = "python",
        Version = version,
        Stdout = stdout,
        WallMs = 21,
        CpuMs = 14,
        MemoryKb = 9120,
    };

    [Fact]
    public void Claim_RunsTheRunUnderALease_AndCountsTheAttempt()
    {
        var claimed = RunTransitions.Claim(Queued(), Later, TimeSpan.FromSeconds(150));

        Assert.Equal(RunStatus.Running, claimed.Status);
        Assert.Equal(Later, claimed.StartedAt);
        Assert.Equal(Later.AddSeconds(150), claimed.LeaseUntil);
        Assert.Equal(1, claimed.Attempts);
        Assert.False(claimed.IsFinal);
    }

    [Fact]
    public void Release_QueuesTheRunAgain_WithoutCountingARequeue()
    {
        var released = RunTransitions.Release(RunTransitions.Claim(Queued(), Accepted, TimeSpan.FromMinutes(1)), Later);

        Assert.Equal(RunStatus.Queued, released.Status);
        Assert.Equal(Later, released.QueuedAt);
        Assert.Equal(0, released.Requeues);
        Assert.Equal(1, released.Attempts);
    }

    [Fact]
    public void Requeue_CountsTheSweepersRequeue()
    {
        var requeued = RunTransitions.Requeue(RunTransitions.Requeue(Queued(), Later), Later);

        Assert.Equal(RunStatus.Queued, requeued.Status);
        Assert.Equal(2, requeued.Requeues);
    }

    [Theory]
    [InlineData(Verdicts.Ok, null, RunStatus.Completed, Verdicts.Ok)]
    [InlineData(Verdicts.Ok, "42", RunStatus.Completed, Verdicts.Ok)]
    [InlineData(Verdicts.Ok, "41", RunStatus.Completed, Verdicts.WrongAnswer)]
    [InlineData(Verdicts.RuntimeError, "41", RunStatus.Completed, Verdicts.RuntimeError)]
    [InlineData(Verdicts.InternalError, null, RunStatus.Failed, Verdicts.InternalError)]
    public void Complete_TakesTheRunnersVerdict_JudgedAgainstTheExpectedOutput(string runnerVerdict, string? expected, string status, string verdict)
    {
        var completed = RunTransitions.Complete(RunTransitions.Claim(Queued(expected), Accepted, TimeSpan.FromMinutes(1)), Result(runnerVerdict), Later);

        Assert.Equal(status, completed.Status);
        Assert.Equal(verdict, completed.Verdict);
        Assert.True(completed.IsFinal);
        Assert.Equal(Later, completed.FinishedAt);
        Assert.Equal(("42\n", 21, 14, 9120L), (completed.Result.Stdout, completed.Result.TimeMs, completed.Result.CpuMs, completed.Result.MemoryKb));
    }

    [Fact]
    public void Complete_KeepsTheAcceptedVersion_WhenTheRunnerNamesNone()
    {
        var completed = RunTransitions.Complete(Queued(), Result(Verdicts.Ok, version: ""), Later);

        Assert.Equal("Python 3.11.2", completed.Version);
    }

    [Fact]
    public void Fail_IsFinal_WithAnInternalErrorAndItsReason()
    {
        var failed = RunTransitions.Fail(Queued(), "the runner stayed unavailable", Later);

        Assert.Equal((RunStatus.Failed, Verdicts.InternalError, "the runner stayed unavailable"), (failed.Status, failed.Verdict, failed.Error));
        Assert.True(failed.IsFinal);
    }

    [Fact]
    public void Complete_StoresTheRunnersWholeResult_WithItsWallTimeAsTimeMs()
    {
        var result = Result(Verdicts.RuntimeError) with { Stderr = "boom", CompileOutput = "warning", StdoutTruncated = true, ExitCode = 3, Signal = 9, Runtime = "runsc" };

        var completed = RunTransitions.Complete(RunTransitions.Claim(Queued(), Accepted, TimeSpan.FromMinutes(1)), result, Later);

        Assert.Equal(new RunResult
        {
            Stdout = "42\n",
            Stderr = "boom",
            CompileOutput = "warning",
            StdoutTruncated = true,
            StderrTruncated = false,
            ExitCode = 3,
            Signal = 9,
            TimeMs = 21,
            CpuMs = 14,
            MemoryKb = 9120,
            Runtime = "runsc",
        }, completed.Result);
    }

    [Fact]
    public void Submitted_IsQueuedNow_WithTheValidatedRequestAndItsCaller()
    {
        var language = Neuron.Functions.Languages.FallbackLanguages.All[0];
        var valid = new RunValidator.Valid(new SubmitRunRequest("py", "print(1)", "in", ["a"], null, "1", "s-1"), language, new RunLimits(1000, 64, 8));

        var run = RunTransitions.Submitted("0193a5b2c4d87e6f9a0b1c2d3e4f5a6b", valid, "key:key_1", "key_1", Accepted);

        Assert.Equal((RunStatus.Queued, language.Id, language.Version, "print(1)", "in", "1", "s-1"),
            (run.Status, run.Language, run.Version, run.Source, run.Stdin, run.ExpectedOutput, run.SessionId));
        Assert.Equal(("key:key_1", "key_1", Accepted, Accepted, 0), (run.Caller, run.KeyId, run.CreatedAt, run.QueuedAt, run.Attempts));
        Assert.Equal(RunResult.None, run.Result);
        Assert.Null(run.Verdict);
    }

    [Fact]
    public void IsLeased_OnlyWhileARunningRunsLeaseLasts()
    {
        var claimed = RunTransitions.Claim(Queued(), Accepted, TimeSpan.FromSeconds(10));

        Assert.True(RunTransitions.IsLeased(claimed, Accepted.AddSeconds(9)));
        Assert.False(RunTransitions.IsLeased(claimed, Accepted.AddSeconds(10)));
        Assert.False(RunTransitions.IsLeased(Queued(), Accepted));
        Assert.False(RunTransitions.IsLeased(RunTransitions.Fail(claimed, "x", Later), Accepted.AddSeconds(1)));
    }

    public static TheoryData<string> FinalStatuses => [RunStatus.Completed, RunStatus.Failed];

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public void AFinalRun_CannotBeClaimedCompletedFailedOrRequeued(string status)
    {
        var final = Queued() with { Status = status, Verdict = Verdicts.Ok };

        Assert.Throws<InvalidOperationException>(() => RunTransitions.Claim(final, Later, TimeSpan.FromMinutes(1)));
        Assert.Throws<InvalidOperationException>(() => RunTransitions.Complete(final, Result(Verdicts.Ok), Later));
        Assert.Throws<InvalidOperationException>(() => RunTransitions.Fail(final, "again", Later));
        Assert.Throws<InvalidOperationException>(() => RunTransitions.Requeue(final, Later));
    }

    [Fact]
    public void Release_OfARunNotRunning_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => RunTransitions.Release(Queued(), Later));
        Assert.Throws<InvalidOperationException>(() => RunTransitions.Release(RunTransitions.Fail(Queued(), "x", Later), Later));
    }

    [Fact]
    public void Requeue_RecoversAStuckRunningRun()
    {
        var requeued = RunTransitions.Requeue(RunTransitions.Claim(Queued(), Accepted, TimeSpan.FromMinutes(1)), Later);

        Assert.Equal((RunStatus.Queued, Later, 1, 1), (requeued.Status, requeued.QueuedAt, requeued.Requeues, requeued.Attempts));
    }

    [Fact]
    public void Fail_KeepsWhatTheRunnerReported()
    {
        var completed = Queued() with { Result = RunResult.From(Result(Verdicts.Ok)) };

        var failed = RunTransitions.Fail(completed, "lost", Later);

        Assert.Equal(completed.Result, failed.Result);
    }
}
