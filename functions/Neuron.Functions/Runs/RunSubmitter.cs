using Neuron.Functions.Callers;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Sessions;

namespace Neuron.Functions.Runs;

/// <summary>
/// Accepts a validated submission: the run record is stored as <c>queued</c> and its id put on the queue. Nothing is
/// stored before the submission is accepted; if either write fails the other is taken back, so a client that got an
/// error can safely retry and a client that got 202 has a run with a message behind it.
/// </summary>
public sealed class RunSubmitter(
    RunStore store, RunQueue queue, IdempotencyStore idempotency, SessionGate sessions, TimeProvider time, ILogger<RunSubmitter> logger)
{
    public abstract record Outcome
    {
        public sealed record Accepted(RunRecord Run, bool Replayed) : Outcome;
        public sealed record IdempotencyMismatch : Outcome;
        public sealed record IdempotencyInFlight : Outcome;
        public sealed record SessionBusy(string? ActiveRunId) : Outcome;
        public sealed record SessionCoolingDown(TimeSpan RetryAfter) : Outcome;
    }

    /// <summary>An earlier request with the same <c>Idempotency-Key</c>, if any.</summary>
    public async Task<Outcome?> ReplayAsync(CallerIdentity caller, string key, string bodyHash, CancellationToken cancellationToken)
    {
        var lookup = await idempotency.LookupAsync(caller.Key, key, bodyHash, cancellationToken);
        return await FromLookupAsync(lookup, cancellationToken);
    }

    public async Task<Outcome> SubmitAsync(RunValidator.Valid valid, CallerIdentity caller, string? idempotencyKey, string bodyHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var request = valid.Request;
        var run = new RunRecord
        {
            Id = RunIds.New(time),
            Status = RunStatus.Queued,
            Language = valid.Language.Id,
            Version = valid.Language.Version,
            Limits = valid.Limits,
            Source = request.Source!,
            Stdin = request.Stdin,
            Args = request.Args,
            ExpectedOutput = request.ExpectedOutput,
            SessionId = request.SessionId,
            Caller = caller.Key,
            KeyId = caller.ApiKey?.Id,
            CreatedAt = now,
            QueuedAt = now,
        };

        if (request.SessionId is not null)
        {
            var session = await sessions.TryStartAsync(caller.Id, request.SessionId, run.Id, cancellationToken);
            if (session.State == SessionState.Busy)
                return new Outcome.SessionBusy(session.ActiveRunId);
            if (session.State == SessionState.CoolingDown)
                return new Outcome.SessionCoolingDown(session.RetryAfter);
        }

        if (idempotencyKey is not null)
        {
            var reservation = await idempotency.ReserveAsync(caller.Key, idempotencyKey, bodyHash, run.Id, cancellationToken);
            if (reservation.Match != IdempotencyMatch.None)
                return await FromLookupAsync(reservation, cancellationToken) ?? new Outcome.IdempotencyInFlight();
        }

        // The row and its message are written at once (one storage round trip less on the hot path); the dispatcher
        // tolerates a message that overtakes its row. If either write fails, the other is taken back.
        var insert = store.InsertAsync(run, cancellationToken);
        var send = queue.EnqueueAsync(run.Id, cancellationToken);
        try
        {
            await Task.WhenAll(insert, send);
        }
        catch (Exception e)
        {
            logger.LogError("Run {RunId} could not be stored and queued, withdrawing it: {Error}", run.Id, e.Message);
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await Task.WhenAll(
                Undo(insert, _ => store.DeleteAsync(run.Id, cleanup.Token)),
                Undo(send, receipt => queue.WithdrawAsync(receipt, cleanup.Token)));
            await ReleaseKeyAsync(caller, idempotencyKey);
            throw;
        }
        run = insert.Result;

        logger.LogInformation("Run {RunId} queued ({Language}, caller {Caller})", run.Id, run.Language, caller.Key);
        return new Outcome.Accepted(run, Replayed: false);
    }

    private async Task<Outcome?> FromLookupAsync(IdempotencyLookup lookup, CancellationToken cancellationToken)
    {
        switch (lookup.Match)
        {
            case IdempotencyMatch.DifferentRequest:
                return new Outcome.IdempotencyMismatch();
            case IdempotencyMatch.SameRequest:
                var run = await store.GetAsync(lookup.RunId!, includeInputs: false, cancellationToken);
                return run is null ? new Outcome.IdempotencyInFlight() : new Outcome.Accepted(run, Replayed: true);
            default:
                return null;
        }
    }

    /// <summary>Undoes one of two concurrent writes if it succeeded; an undo that fails is logged (the sweeper covers a stray row).</summary>
    private async Task Undo<T>(Task<T> write, Func<T, Task> undo)
    {
        if (!write.IsCompletedSuccessfully)
            return;
        try
        {
            await undo(write.Result);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not undo a write: {Error}", e.Message);
        }
    }

    private async Task ReleaseKeyAsync(CallerIdentity caller, string? idempotencyKey)
    {
        if (idempotencyKey is null)
            return;
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await idempotency.ReleaseAsync(caller.Key, idempotencyKey, cleanup.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not release idempotency key: {Error}", e.Message);
        }
    }
}
