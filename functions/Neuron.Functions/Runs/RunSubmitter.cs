using Neuron.Functions.Billing;
using Neuron.Functions.Callers;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Quotas;
using Neuron.Functions.Sessions;

namespace Neuron.Functions.Runs;

/// <summary>
/// Accepts a validated submission: the key's in-flight place, its session and its idempotency key are taken, then the
/// run is created (<see cref="RunLifecycle.CreateAsync"/>: stored as <c>queued</c>, its id put on the queue). Nothing is
/// stored before the submission is accepted, and a run that could not be queued is taken back, so a client that got an
/// error can safely retry and a client that got 202 has a run with a message behind it. A key's run also holds its
/// price of the key's credits (<see cref="CreditHolds"/>), charged when it is final, given back when it is not accepted.
/// </summary>
public sealed class RunSubmitter(
    RunLifecycle lifecycle, RunStore store, IdempotencyStore idempotency, SessionGate sessions, InFlightRuns inFlight, CreditHolds credits,
    ILogger<RunSubmitter> logger)
{
    public abstract record Outcome
    {
        public sealed record Accepted(RunRecord Run, bool Replayed) : Outcome;
        public sealed record IdempotencyMismatch : Outcome;
        public sealed record IdempotencyInFlight : Outcome;
        public sealed record SessionBusy(string? ActiveRunId) : Outcome;
        public sealed record SessionCoolingDown(TimeSpan RetryAfter) : Outcome;
        public sealed record TooManyInFlight(InFlightDecision Decision) : Outcome;
        public sealed record CreditsExhausted(CreditDecision Decision) : Outcome;
        /// <summary>Every run of a batch, accepted together.</summary>
        public sealed record BatchAccepted(IReadOnlyList<RunRecord> Runs) : Outcome;
    }

    /// <summary>An earlier request with the same <c>Idempotency-Key</c>, if any.</summary>
    public async Task<Outcome?> ReplayAsync(CallerIdentity caller, string key, string bodyHash, CancellationToken cancellationToken)
    {
        var lookup = await idempotency.LookupAsync(caller.Key, key, bodyHash, cancellationToken);
        return await FromLookupAsync(lookup, cancellationToken);
    }

    public async Task<Outcome> SubmitAsync(RunValidator.Valid valid, CallerIdentity caller, string? idempotencyKey, string bodyHash, CancellationToken cancellationToken)
    {
        var run = lifecycle.Draft(valid, caller.Key, caller.ApiKey?.Id);
        if (caller.ApiKey is not { } key)
            return await AcceptAsync(run, caller, idempotencyKey, bodyHash, cancellationToken);

        // A place among the key's runs in flight first: refusing there touches no session and no idempotency key.
        var place = await inFlight.TakeAsync(key, run.Id, cancellationToken);
        if (!place.Allowed)
            return new Outcome.TooManyInFlight(place);
        Outcome? outcome = null;
        var held = false;
        try
        {
            var hold = await credits.TakeAsync(key, run.Id, run.Language, cancellationToken);
            if (!hold.Allowed)
                return outcome = new Outcome.CreditsExhausted(hold);
            held = true;
            outcome = await AcceptAsync(run, caller, idempotencyKey, bodyHash, cancellationToken);
            return outcome;
        }
        finally
        {
            if (outcome is not Outcome.Accepted { Replayed: false })
            {
                if (held)
                    await credits.GiveBackAsync(key, run.Id);
                await GiveBackPlaceAsync(key, run.Id);
            }
        }
    }

    /// <summary>
    /// Accepts every run of a batch or none: a place in flight for each first (a refusal gives back those taken), then
    /// each run is created. Batches take no session and no idempotency key (the intake refuses them).
    /// </summary>
    public async Task<Outcome> SubmitBatchAsync(IReadOnlyList<RunValidator.Valid> valids, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var drafts = valids.Select(v => lifecycle.Draft(v, caller.Key, caller.ApiKey?.Id)).ToList();
        var placed = new List<string>();
        var held = new List<string>();
        var created = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            if (caller.ApiKey is { } key)
            {
                foreach (var draft in drafts)
                {
                    var place = await inFlight.TakeAsync(key, draft.Id, cancellationToken);
                    if (!place.Allowed)
                        return new Outcome.TooManyInFlight(place);
                    placed.Add(draft.Id);
                }
                foreach (var draft in drafts)
                {
                    var hold = await credits.TakeAsync(key, draft.Id, draft.Language, cancellationToken);
                    if (!hold.Allowed)
                        return new Outcome.CreditsExhausted(hold);
                    held.Add(draft.Id);
                }
            }
            var runs = new List<RunRecord>(drafts.Count);
            foreach (var draft in drafts)
            {
                runs.Add(await lifecycle.CreateAsync(draft, withdrawn: () => Task.CompletedTask, cancellationToken));
                created.Add(draft.Id);
            }
            return new Outcome.BatchAccepted(runs);
        }
        finally
        {
            // A run created holds its place and its credit until it is final; the others give theirs back.
            foreach (var runId in held.Where(id => !created.Contains(id)))
                await credits.GiveBackAsync(caller.ApiKey!, runId);
            foreach (var runId in placed.Where(id => !created.Contains(id)))
                await GiveBackPlaceAsync(caller.ApiKey!, runId);
        }
    }

    private async Task<Outcome> AcceptAsync(RunRecord run, CallerIdentity caller, string? idempotencyKey, string bodyHash, CancellationToken cancellationToken)
    {
        if (run.SessionId is not null)
        {
            var session = await sessions.TryStartAsync(caller.Id, run.SessionId, run.Id, cancellationToken);
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

        // A run taken back can be submitted again as new: its idempotency key goes with it.
        run = await lifecycle.CreateAsync(run, withdrawn: () => ReleaseKeyAsync(caller, idempotencyKey), cancellationToken);
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

    /// <summary>Gives back the in-flight place of a submission that was not accepted as a new run (best effort: a leak expires).</summary>
    private async Task GiveBackPlaceAsync(Keys.ApiKey key, string runId)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await inFlight.ReleaseAsync(key.Id, runId, cleanup.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not give back the in-flight place of run {RunId}: {Error}", runId, e.Message);
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
