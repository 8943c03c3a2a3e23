using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Functions.Billing;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Keys;
using Neuron.Functions.Quotas;
using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Runs;

/// <summary>
/// The way into the queue that every API surface shares: the key's rate limit and daily quota, then the body, its
/// validation, idempotency and the submission. A surface reads and translates its own body (<see cref="BodyReader"/>)
/// and renders the outcome in its own shape; what it may refuse from the headers alone it refuses before calling.
/// </summary>
public sealed class RunIntake(RunValidator validator, RunSubmitter submitter, TableRateLimiter rateLimiter, DailyRunQuota quotas, TimeProvider time)
{
    /// <summary>A submission body read and translated into the native request, with the raw bytes it was read from.</summary>
    public sealed record Body(SubmitRunRequest? Request, byte[] Bytes, ProblemHttpResult? Problem);

    public delegate Task<Body> BodyReader(CancellationToken cancellationToken);

    /// <summary>Either the accepted run (new or replayed) or the problem that refused it.</summary>
    public sealed record Result(RunSubmitter.Outcome.Accepted? Accepted, ProblemHttpResult? Problem);

    /// <summary>
    /// Submits one run for the authenticated caller of <paramref name="context"/>. Rate-limit headers and
    /// <c>Retry-After</c> are written to its response. <paramref name="callbackFormat"/> names the payload its
    /// <c>callbackUrl</c> (if any) receives: the surface's own shape.
    /// </summary>
    public async Task<Result> SubmitAsync(HttpContext context, string? idempotencyKey, BodyReader read, CancellationToken cancellationToken,
        string callbackFormat = RunCallback.NativeFormat)
    {
        var caller = context.Caller();
        // The rate-limit token and the quota's run are taken concurrently (one storage round trip less), except
        // when this instance already knows the bucket is empty: a flood is refused without touching the quota.
        // The quota is taken and given back without the request's token: a client that disconnects meanwhile must
        // not leave a run counted that never exists (nor one given back that does).
        var key = caller.ApiKey!;
        var quotaTask = rateLimiter.SeemsEmpty(caller.Key, caller.RateLimit) ? null : quotas.TakeAsync(key, CancellationToken.None);
        RateLimitDecision? decision;
        try
        {
            decision = await rateLimiter.AcquireAsync(caller.Key, caller.RateLimit, cancellationToken);
        }
        catch
        {
            await ReturnIfTakenAsync(key, quotaTask);
            throw;
        }
        decision?.WriteHeaders(context.Response);
        if (decision is { Allowed: false })
        {
            await ReturnIfTakenAsync(key, quotaTask);
            return new(null, Problems.TooManyRequests("rate-limited", $"Rate limit of {decision.Policy.PermitsPerMinute} runs per minute exceeded for this {caller.Kind}."));
        }
        var quota = await (quotaTask ?? quotas.TakeAsync(key, CancellationToken.None));
        if (!quota.Allowed)
        {
            // A retry of a run the key already has still gets that run, whatever is left of the quota.
            if (idempotencyKey is not null && !quota.Contended)
            {
                var body = await read(cancellationToken);
                if (body.Problem is null && await submitter.ReplayAsync(caller, idempotencyKey, IdempotencyStore.HashBody(body.Bytes), cancellationToken) is { } earlier)
                    return Resolve(context.Response, earlier);
            }
            return new(null, QuotaProblem(context.Response, caller, quota, time.GetUtcNow()));
        }

        // One run is taken from the quota: every way out that does not create a new run gives it back.
        RunSubmitter.Outcome? outcome = null;
        ProblemHttpResult? problem;
        try
        {
            var body = await read(cancellationToken);
            problem = body.Problem;
            if (problem is null)
            {
                (var valid, problem) = await validator.ValidateAsync(body.Request!, key.MaxLimits, cancellationToken);
                problem ??= NoWebhookSecret(valid!, key);
                if (problem is null)
                {
                    valid = valid! with { CallbackFormat = callbackFormat };
                    var bodyHash = IdempotencyStore.HashBody(body.Bytes);
                    if (idempotencyKey is not null)
                        outcome = await submitter.ReplayAsync(caller, idempotencyKey, bodyHash, cancellationToken);
                    // Committed: from here the submission is carried out whether or not the client is still there, so
                    // a disconnect leaves either an accepted run that counts or nothing at all, never a stored run
                    // whose quota was given back. Storage calls stay bounded by the clients' own timeouts and retries.
                    outcome ??= await submitter.SubmitAsync(valid!, caller, idempotencyKey, bodyHash, CancellationToken.None);
                }
            }
        }
        catch
        {
            await quotas.ReturnAsync(key, quota, CancellationToken.None);
            throw;
        }
        if (outcome is not RunSubmitter.Outcome.Accepted { Replayed: false })
            await quotas.ReturnAsync(key, quota, CancellationToken.None);
        return problem is null ? Resolve(context.Response, outcome!) : new(null, problem);
    }

    /// <summary>A batch body read and translated: the native requests in order, or the problem with the body.</summary>
    public sealed record BatchBody(IReadOnlyList<SubmitRunRequest>? Requests, ProblemHttpResult? Problem);

    public delegate Task<BatchBody> BatchReader(CancellationToken cancellationToken);

    /// <summary>Either every run of the batch, accepted together, or the problem that refused them all.</summary>
    public sealed record BatchResult(IReadOnlyList<RunRecord>? Runs, ProblemHttpResult? Problem);

    /// <summary>
    /// Submits a batch for the authenticated caller: all of its runs or none. The body comes first (its size says how
    /// many runs the batch costs), then every run is validated (the first invalid one refuses the batch, its index in
    /// the problem), then the batch takes one rate-limit token and one run of the daily quota per run, all or none,
    /// and a place in flight per run (<see cref="RunSubmitter.SubmitBatchAsync"/>). Sessions and idempotency keys are
    /// for single runs.
    /// </summary>
    public async Task<BatchResult> SubmitBatchAsync(HttpContext context, int maxRuns, BatchReader read, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var key = caller.ApiKey!;
        if (rateLimiter.SeemsEmpty(caller.Key, caller.RateLimit))
            return new(null, Problems.TooManyRequests("rate-limited", $"Rate limit exceeded for this {caller.Kind}."));
        var body = await read(cancellationToken);
        if (body.Problem is not null)
            return new(null, body.Problem);
        var requests = body.Requests!;
        if (requests.Count == 0 || requests.Count > maxRuns)
            return new(null, Problems.BadRequest("invalid-batch", $"'runs' holds 1 to {maxRuns} runs."));
        var valids = new List<RunValidator.Valid>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not { } request)
                return new(null, Problems.BadRequest("invalid-batch", $"runs[{i}] must be an object.", Index(i)));
            if (request.SessionId is not null)
                return new(null, Problems.BadRequest("invalid-batch", $"runs[{i}]: a batch's runs take no 'sessionId'.", Index(i)));
            var (valid, problem) = await validator.ValidateAsync(request, key.MaxLimits, cancellationToken);
            problem ??= NoWebhookSecret(valid!, key);
            if (problem is not null)
                return new(null, InBatch(problem, i));
            valids.Add(valid!);
        }

        var decision = await rateLimiter.AcquireAsync(caller.Key, caller.RateLimit, cancellationToken, permits: valids.Count);
        decision?.WriteHeaders(context.Response);
        if (decision is { Allowed: false })
        {
            return new(null, Problems.TooManyRequests("rate-limited",
                $"A batch of {valids.Count} runs needs {valids.Count} of this {caller.Kind}'s rate-limit tokens ({decision.Policy.PermitsPerMinute} per minute, burst {decision.Policy.Burst}); {decision.Remaining} are left."));
        }
        var quota = await quotas.TakeAsync(key, CancellationToken.None, runs: valids.Count);
        if (!quota.Allowed)
            return new(null, QuotaProblem(context.Response, caller, quota, time.GetUtcNow()));
        RunSubmitter.Outcome? outcome = null;
        try
        {
            // Committed, as a single submission is: carried out whether or not the client is still there.
            outcome = await submitter.SubmitBatchAsync(valids, caller, CancellationToken.None);
        }
        finally
        {
            if (outcome is not RunSubmitter.Outcome.BatchAccepted)
                await quotas.ReturnAsync(key, quota, CancellationToken.None, runs: valids.Count);
        }
        return outcome switch
        {
            RunSubmitter.Outcome.BatchAccepted accepted => new(accepted.Runs, null),
            RunSubmitter.Outcome.TooManyInFlight { Decision.Contended: false } tooMany => new(null, BatchInFlightProblem(context.Response, tooMany.Decision, valids.Count)),
            _ => new(null, Refusal(context.Response, outcome!)),
        };
    }

    private static ProblemHttpResult BatchInFlightProblem(HttpResponse response, InFlightDecision decision, int runs)
    {
        response.Headers.RetryAfter = "1";
        return Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-in-flight", "Too many runs in flight.",
            $"A batch of {runs} runs needs a place for each among this key's {decision.Limit} runs queued or running at once; submit it when enough have finished, or use a key with a larger maxInFlight.",
            new Dictionary<string, object?> { ["maxInFlight"] = decision.Limit });
    }

    private static Dictionary<string, object?> Index(int index) => new() { ["index"] = index };

    /// <summary>A run's problem as its batch's: same status and type, the run's index in the detail and as <c>index</c>.</summary>
    private static ProblemHttpResult InBatch(ProblemHttpResult problem, int index)
    {
        var details = problem.ProblemDetails;
        var extensions = new Dictionary<string, object?>(details.Extensions) { ["index"] = index };
        return TypedResults.Problem(detail: $"runs[{index}]: {details.Detail}", statusCode: details.Status, title: details.Title, type: details.Type,
            extensions: extensions);
    }

    private static Result Resolve(HttpResponse response, RunSubmitter.Outcome outcome) => outcome is RunSubmitter.Outcome.Accepted accepted
        ? new(accepted, null)
        : new(null, Refusal(response, outcome));

    private static ProblemHttpResult Refusal(HttpResponse response, RunSubmitter.Outcome outcome)
    {
        switch (outcome)
        {
            case RunSubmitter.Outcome.IdempotencyMismatch:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Idempotency-Key reused.",
                    "This Idempotency-Key was used with a different request body.");
            case RunSubmitter.Outcome.IdempotencyInFlight:
                response.Headers.RetryAfter = "1";
                return Problems.Conflict("idempotency-in-flight", "A request with this Idempotency-Key is still being processed.");
            case RunSubmitter.Outcome.SessionBusy busy:
                // The session is the caller key's own (SessionGate): the active run named here is the caller's.
                return Problems.Create(StatusCodes.Status409Conflict, "session-busy", "Conflict.",
                    "This session already has a queued or running run.", new Dictionary<string, object?> { ["activeRunId"] = busy.ActiveRunId });
            case RunSubmitter.Outcome.SessionCoolingDown cooling:
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(cooling.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problems.TooManyRequests("session-cooldown", "This session started a run moments ago; wait before the next one.");
            case RunSubmitter.Outcome.TooManyInFlight tooMany:
                response.Headers.RetryAfter = "1";
                return tooMany.Decision.Contended
                    ? Problems.TooManyRequests("rate-limited", "Too many concurrent submissions for this key; retry in a second.")
                    : Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-in-flight", "Too many runs in flight.",
                        $"This key already has {tooMany.Decision.Limit} runs queued or running, its limit; submit again when one has finished.",
                        new Dictionary<string, object?> { ["maxInFlight"] = tooMany.Decision.Limit });
            case RunSubmitter.Outcome.CreditsExhausted exhausted:
                return CreditProblems.For(response, exhausted.Decision);
            default:
                throw new InvalidOperationException("Unexpected submission outcome.");
        }
    }

    /// <summary>A run with a callback needs its key's webhook secret to sign the deliveries with.</summary>
    private static ProblemHttpResult? NoWebhookSecret(RunValidator.Valid valid, ApiKey key) =>
        valid.Request.CallbackUrl is not null && key.WebhookSecretCreatedAt is null
            ? Problems.BadRequest("no-webhook-secret",
                $"This key has no webhook secret to sign deliveries with; an admin gives it one with POST /api/admin/keys/{key.Id}/webhook-secret.")
            : null;

    /// <summary>Gives back the run a concurrent quota take got, for a submission refused on another ground.</summary>
    private async Task ReturnIfTakenAsync(ApiKey key, Task<QuotaDecision>? taking)
    {
        if (taking is null)
            return;
        try
        {
            var taken = await taking;
            if (taken.Allowed)
                await quotas.ReturnAsync(key, taken, CancellationToken.None);
        }
        catch (Exception e) when (Storage.StorageFailure.Is(e) || e is OperationCanceledException)
        {
            // Nothing was taken, or nothing can be given back: the submission is refused either way.
        }
    }

    private static ProblemHttpResult QuotaProblem(HttpResponse response, CallerIdentity caller, QuotaDecision quota, DateTimeOffset now)
    {
        if (quota.Contended)
        {
            response.Headers.RetryAfter = "1";
            return Problems.TooManyRequests("rate-limited", $"Too many concurrent submissions for this {caller.Kind}; retry in a second.");
        }
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((quota.ResetsAt - now).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "quota-exceeded", "Daily run quota exhausted.",
            $"This key's daily quota of {quota.Quota} runs is used up; it resets at 00:00 UTC.",
            new Dictionary<string, object?>
            {
                ["dailyRunQuota"] = quota.Quota,
                ["resetsAt"] = quota.ResetsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
    }
}
