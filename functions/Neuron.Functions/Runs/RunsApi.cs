using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Keys;
using Neuron.Functions.Quotas;
using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Runs;

/// <summary><c>POST /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
public sealed class RunsApi(
    RunValidator validator, RunSubmitter submitter, RunWaiter waiter, RunStore store, TableRateLimiter rateLimiter, DailyRunQuota quotas,
    TimeProvider time, IOptions<RunsOptions> options)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function("SubmitRun")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Runs")]
    [EndpointSummary("Submit a run; ?wait=N (seconds) returns the finished run when it completes in time.")]
    [Consumes(typeof(SubmitRunRequest), "application/json")]
    public async Task<Results<Accepted<RunDocument>, Ok<RunDocument>, ProblemHttpResult>> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs")] HttpRequest request, CancellationToken cancellationToken)
    {
        var context = request.HttpContext;
        var caller = context.Caller();
        var (wait, waitProblem) = ParseWait(request, options.Value);
        if (waitProblem is not null)
            return waitProblem;
        string? idempotencyKey = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : null;
        if (idempotencyKey is not null && !IdempotencyStore.IsValidKey(idempotencyKey))
            return Problems.BadRequest("invalid-idempotency-key", "Idempotency-Key must be 1-255 printable ASCII characters.");
        // All that the headers can decide is decided before the body (up to MaxBodyBytes) is read: its type and
        // declared size, the key (above), and the key's rate limit and daily quota (below).
        if (JsonBody.Precheck(request, options.Value.MaxBodyBytes) is { } refused)
            return refused;

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
            await ReturnIfTakenAsync(quotas, key, quotaTask);
            throw;
        }
        decision?.WriteHeaders(context.Response);
        if (decision is { Allowed: false })
        {
            await ReturnIfTakenAsync(quotas, key, quotaTask);
            return Problems.TooManyRequests("rate-limited", $"Rate limit of {decision.Policy.PermitsPerMinute} runs per minute exceeded for this {caller.Kind}.");
        }
        var quota = await (quotaTask ?? quotas.TakeAsync(key, CancellationToken.None));
        if (!quota.Allowed)
        {
            // A retry of a run the key already has still gets that run, whatever is left of the quota.
            if (idempotencyKey is not null && !quota.Contended)
            {
                var read = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.SubmitRunRequest, options.Value.MaxBodyBytes, cancellationToken);
                if (read.Problem is null && await submitter.ReplayAsync(caller, idempotencyKey, IdempotencyStore.HashBody(read.Bytes), cancellationToken) is { } earlier)
                    return await RespondAsync(context, earlier, wait, cancellationToken);
            }
            return QuotaProblem(context.Response, caller, quota, time.GetUtcNow());
        }

        // One run is taken from the quota: every way out that does not create a new run gives it back.
        RunSubmitter.Outcome? outcome = null;
        ProblemHttpResult? problem;
        try
        {
            var body = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.SubmitRunRequest, options.Value.MaxBodyBytes, cancellationToken);
            problem = body.Problem;
            if (problem is null)
            {
                (var valid, problem) = await validator.ValidateAsync(body.Value!, key.MaxLimits, cancellationToken);
                if (problem is null)
                {
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
        return problem ?? await RespondAsync(context, outcome!, wait, cancellationToken);
    }

    private async Task<Results<Accepted<RunDocument>, Ok<RunDocument>, ProblemHttpResult>> RespondAsync(
        HttpContext context, RunSubmitter.Outcome outcome, TimeSpan wait, CancellationToken cancellationToken)
    {
        switch (outcome)
        {
            case RunSubmitter.Outcome.Accepted accepted:
                var run = accepted.Run;
                if (accepted.Replayed)
                    context.Response.Headers["Idempotent-Replayed"] = "true";
                if (wait > TimeSpan.Zero)
                    run = await waiter.WaitForFinalAsync(run, wait, cancellationToken) ?? run;
                var location = $"/api/runs/{run.Id}";
                context.Response.Headers.Location = location;
                return run.IsFinal ? TypedResults.Ok(RunDocument.From(run)) : TypedResults.Accepted(location, RunDocument.From(run));
            case RunSubmitter.Outcome.IdempotencyMismatch:
                return Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused", "Idempotency-Key reused.",
                    "This Idempotency-Key was used with a different request body.");
            case RunSubmitter.Outcome.IdempotencyInFlight:
                context.Response.Headers.RetryAfter = "1";
                return Problems.Conflict("idempotency-in-flight", "A request with this Idempotency-Key is still being processed.");
            case RunSubmitter.Outcome.SessionBusy busy:
                // The session is the caller key's own (SessionGate): the active run named here is the caller's.
                return Problems.Create(StatusCodes.Status409Conflict, "session-busy", "Conflict.",
                    "This session already has a queued or running run.", new Dictionary<string, object?> { ["activeRunId"] = busy.ActiveRunId });
            case RunSubmitter.Outcome.SessionCoolingDown cooling:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(cooling.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problems.TooManyRequests("session-cooldown", "This session started a run moments ago; wait before the next one.");
            case RunSubmitter.Outcome.TooManyInFlight tooMany:
                context.Response.Headers.RetryAfter = "1";
                return tooMany.Decision.Contended
                    ? Problems.TooManyRequests("rate-limited", "Too many concurrent submissions for this key; retry in a second.")
                    : Problems.Create(StatusCodes.Status429TooManyRequests, "too-many-in-flight", "Too many runs in flight.",
                        $"This key already has {tooMany.Decision.Limit} runs queued or running, its limit; submit again when one has finished.",
                        new Dictionary<string, object?> { ["maxInFlight"] = tooMany.Decision.Limit });
            default:
                throw new InvalidOperationException("Unexpected submission outcome.");
        }
    }

    [Function("GetRun")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Runs")]
    [EndpointSummary("Read a run; ?wait=N (seconds) long-polls until it is final.")]
    public async Task<Results<Ok<RunDocument>, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(id))
            return Problems.BadRequest("invalid-run-id", "A run id is 32 lowercase hexadecimal digits.");
        var (wait, waitProblem) = ParseWait(request, options.Value);
        if (waitProblem is not null)
            return waitProblem;
        var run = await store.GetAsync(id, includeInputs: false, cancellationToken);
        // A run is its key's: another key cannot tell it exists.
        if (run is null || run.KeyId != request.HttpContext.Caller().Id)
            return Problems.NotFound($"No run '{id}'.");
        if (wait > TimeSpan.Zero)
            run = await waiter.WaitForFinalAsync(run, wait, cancellationToken) ?? run;
        return TypedResults.Ok(RunDocument.From(run));
    }

    /// <summary>Gives back the run a concurrent quota take got, for a submission refused on another ground.</summary>
    private static async Task ReturnIfTakenAsync(DailyRunQuota quotas, ApiKey key, Task<QuotaDecision>? taking)
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

    private static (TimeSpan Wait, ProblemHttpResult? Problem) ParseWait(HttpRequest request, RunsOptions options)
    {
        var text = request.Query["wait"].ToString();
        if (text.Length == 0)
            return (TimeSpan.Zero, null);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > options.MaxWaitSeconds)
            return (TimeSpan.Zero, Problems.BadRequest("invalid-wait", $"'wait' is a whole number of seconds from 0 to {options.MaxWaitSeconds}."));
        return (TimeSpan.FromSeconds(seconds), null);
    }
}
