using Neuron.Functions.Billing;
using Neuron.Functions.Quotas;
using Neuron.Functions.Sessions;
using Neuron.Functions.Usage;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// The one owner of a run's state: the only code that creates, claims, completes, fails, releases and requeues a run
/// (each a <see cref="RunTransitions"/> step stored under the run's ETag), wakes its waiters and settles it. The
/// submitter, the dispatcher, the sweeper, the poison handler and the session rule come here; none of them writes a
/// run row. Every state change logs one line. A <c>Try…</c> method returns null (or false) when someone else changed
/// the run first: the caller lost the race, and nothing was written.
/// </summary>
/// <remarks>
/// Settling a final run gives its key's in-flight place back (<see cref="InFlightRuns"/>), meters and charges it at
/// the price in force when it was accepted (<see cref="UsageMeter"/>, <see cref="RunPricing"/>) and hands a callback that no attempt has started yet to the delivery queue
/// (<see cref="IRunCallbackScheduler"/>). The first two are exactly-once and a duplicate delivery message is dropped
/// (its attempt is claimed under the ETag), so settling again is harmless: a retried message of a run found final
/// settles it again (<see cref="SettleAsync"/>) to make up for a dispatcher that died between the final write and the
/// settlement. The delivery's own steps are stored here too (<see cref="TryRecordCallbackAsync"/>).
/// </remarks>
public sealed class RunLifecycle(
    RunStore store, RunQueue queue, RunNotifier notifier, InFlightRuns inFlight, UsageMeter usage, RunPricing pricing, IRunCallbackScheduler callbacks,
    TimeProvider time, ILogger<RunLifecycle> logger) : IRunActivity
{
    /// <summary>A new queued run of <paramref name="valid"/>, not stored yet (its id is known before it is accepted).</summary>
    public RunRecord Draft(RunValidator.Valid valid, string caller, string? keyId) =>
        RunTransitions.Submitted(RunIds.New(time), valid, caller, keyId, time.GetUtcNow());

    /// <summary>
    /// Stores <paramref name="draft"/>, then puts its message on the queue. The row comes first, so a message can
    /// never reach a dispatcher before its row exists (a message that finds no row is one whose run was withdrawn, and
    /// is dropped). If the message cannot be sent, the row is taken back, <paramref name="withdrawn"/> runs and the
    /// exception is rethrown; if this process dies in between, the sweeper queues the row again.
    /// </summary>
    public async Task<RunRecord> CreateAsync(RunRecord draft, Func<Task> withdrawn, CancellationToken cancellationToken)
    {
        var run = await store.InsertAsync(draft, cancellationToken);
        try
        {
            await queue.EnqueueNewAsync(run, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogError("Run {RunId} could not be queued, withdrawing it: {Error}", run.Id, e.Message);
            await WithdrawAsync(run.Id);
            await withdrawn();
            throw;
        }
        logger.LogInformation("Run {RunId} queued ({Language}, caller {Caller})", run.Id, run.Language, run.Caller);
        return run;
    }

    /// <summary>Whether another dispatcher holds a live lease on <paramref name="run"/>.</summary>
    public bool IsLeased(RunRecord run) => RunTransitions.IsLeased(run, time.GetUtcNow());

    /// <summary>Whether the run is queued or running (<see cref="IRunActivity"/>, for the session rule).</summary>
    public async Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) =>
        await store.GetStatusAsync(runId, cancellationToken) is { } status && !RunStatus.IsFinal(status);

    /// <summary>
    /// queued → running under a lease of <paramref name="lease"/>; null when another dispatcher claimed it first. With
    /// <paramref name="carried"/>, <paramref name="run"/> is the record its message carried, and null means only that
    /// the row is not that record any more (changed, or withdrawn): the caller reads it.
    /// </summary>
    public async Task<RunRecord?> TryClaimAsync(RunRecord run, TimeSpan lease, int dequeueCount, CancellationToken cancellationToken, bool carried = false)
    {
        RunRecord? claimed;
        try
        {
            claimed = await store.TryReplaceAsync(RunTransitions.Claim(run, time.GetUtcNow(), lease), cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (carried && e.Status == 404)
        {
            claimed = null; // withdrawn after its message was sent after all: the read says so
        }
        if (claimed is null)
        {
            if (carried)
                logger.LogDebug("Run {RunId} changed since its message was sent; reading it", run.Id);
            else
                logger.LogInformation("Run {RunId} claimed by another dispatcher", run.Id);
            return null;
        }
        logger.LogInformation("Run {RunId} running ({Language}, attempt {Attempt}, dequeue {DequeueCount})",
            run.Id, run.Language, claimed.Attempts, dequeueCount);
        return claimed;
    }

    /// <summary>running → completed (or failed, for the runner's internal_error) with the runner's result; null when the run changed while it ran.</summary>
    public async Task<RunRecord?> TryCompleteAsync(RunRecord claimed, ExecuteResult result, CancellationToken cancellationToken)
    {
        var completed = await store.TryReplaceAsync(RunTransitions.Complete(claimed, result, time.GetUtcNow()), cancellationToken);
        if (completed is null)
        {
            logger.LogWarning("Run {RunId} changed while it ran (sweeper?); result discarded", claimed.Id);
            return null;
        }
        logger.LogInformation("Run {RunId} {Status} with verdict {Verdict} in {WallMs} ms", completed.Id, completed.Status, completed.Verdict, result.WallMs);
        await FinishedAsync(completed, cancellationToken);
        return completed;
    }

    /// <summary>→ failed with internal_error and <paramref name="error"/>; null when someone else changed the run first.</summary>
    public async Task<RunRecord?> TryFailAsync(RunRecord run, string error, CancellationToken cancellationToken)
    {
        var failed = await store.TryReplaceAsync(RunTransitions.Fail(run, error, time.GetUtcNow()), cancellationToken);
        if (failed is null)
            return null;
        logger.LogError("Run {RunId} failed from {Status}: {Error}", run.Id, run.Status, error);
        await FinishedAsync(failed, cancellationToken);
        return failed;
    }

    /// <summary>running → queued, for the queue's retry (the runner could not take it, or this process is stopping).</summary>
    public async Task<bool> TryReleaseAsync(RunRecord claimed, string reason, CancellationToken cancellationToken)
    {
        if (await store.TryReplaceAsync(RunTransitions.Release(claimed, time.GetUtcNow()), cancellationToken) is null)
            return false;
        logger.LogWarning("Run {RunId} queued again: {Reason}", claimed.Id, reason);
        return true;
    }

    /// <summary>The sweeper's recovery: → queued with a new message, counting a requeue; false when someone else changed the run first.</summary>
    public async Task<bool> TryRequeueAsync(RunRecord run, CancellationToken cancellationToken)
    {
        if (await store.TryReplaceAsync(RunTransitions.Requeue(run, time.GetUtcNow()), cancellationToken) is null)
            return false;
        await queue.EnqueueAsync(run.Id, cancellationToken);
        logger.LogWarning("Run {RunId} recovered from {Status} and queued again (requeue {Requeues})", run.Id, run.Status, run.Requeues + 1);
        return true;
    }

    /// <summary>For a run found final (by anyone): its in-flight place and its usage, each counted once however often this runs.</summary>
    public async Task SettleAsync(RunRecord run, CancellationToken cancellationToken)
    {
        if (!run.IsFinal || run.KeyId is null)
            return;
        await inFlight.ReleaseAsync(run.KeyId, run.Id, cancellationToken);
        await usage.RecordAsync(
            pricing.Meter(run.Id, run.KeyId, run.CreatedAt, run.Language, run.Verdict ?? "unknown", run.Result.CpuMs ?? 0, run.Result.CompileCached), cancellationToken);
        if (run.Callback is { State: RunCallback.Pending, Attempts: 0 })
            await callbacks.ScheduleAsync(run.Id, attempt: 1, TimeSpan.Zero, cancellationToken);
    }

    /// <summary>
    /// Stores the next state of a final run's callback delivery (<paramref name="next"/>, decided by the deliverer)
    /// under <paramref name="run"/>'s ETag; null when someone else changed it first.
    /// </summary>
    public async Task<RunRecord?> TryRecordCallbackAsync(RunRecord run, RunCallback next, CancellationToken cancellationToken)
    {
        if (!run.IsFinal || run.Callback is null)
            throw new InvalidOperationException($"Run {run.Id} has no callback to deliver yet.");
        var stored = await store.TryReplaceCallbackAsync(run with { Callback = next }, cancellationToken);
        if (stored is null)
            return null;
        if (next.LeaseUntil is not null)
            logger.LogInformation("Run {RunId} webhook attempt {Attempt} started", run.Id, next.Attempts);
        else if (next.State == RunCallback.Delivered)
            logger.LogInformation("Run {RunId} webhook delivered on attempt {Attempt} ({Status})", run.Id, next.Attempts, next.LastStatus);
        else if (next.State == RunCallback.Failed)
            logger.LogWarning("Run {RunId} webhook failed after {Attempt} attempt(s): {Error}", run.Id, next.Attempts, next.LastError);
        else
            logger.LogWarning("Run {RunId} webhook attempt {Attempt} failed, next at {NextAttemptAt}: {Error}", run.Id, next.Attempts, next.NextAttemptAt, next.LastError);
        return stored;
    }

    /// <summary>After this instance wrote <paramref name="run"/>'s final state: waiters here are woken at once, then it is settled.</summary>
    private Task FinishedAsync(RunRecord run, CancellationToken cancellationToken)
    {
        notifier.Notify(run);
        return SettleAsync(run, cancellationToken);
    }

    /// <summary>Deletes the row of a run that could not be queued; a failure is logged (the sweeper queues a stray row).</summary>
    private async Task WithdrawAsync(string runId)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await store.DeleteAsync(runId, cleanup.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not withdraw run {RunId}: {Error}", runId, e.Message);
        }
    }
}
