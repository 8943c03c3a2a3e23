using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Idempotency;
using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Runs;

/// <summary><c>POST /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
public static class RunsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs").WithTags("Runs");
        runs.MapPost("/", SubmitAsync)
            .WithName("SubmitRun")
            .WithSummary("Submit a run; ?wait=N (seconds) returns the finished run when it completes in time.")
            .Accepts<SubmitRunRequest>("application/json");
        runs.MapGet("/{id}", GetAsync)
            .WithName("GetRun")
            .WithSummary("Read a run; ?wait=N (seconds) long-polls until it is final.");
        return app;
    }

    public static async Task<Results<Accepted<RunDocument>, Ok<RunDocument>, ProblemHttpResult>> SubmitAsync(
        HttpContext context, RunValidator validator, RunSubmitter submitter, RunWaiter waiter, ICallerResolver callers,
        TableRateLimiter rateLimiter, IOptions<RunsOptions> options, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var (wait, waitProblem) = ParseWait(request, options.Value);
        if (waitProblem is not null)
            return waitProblem;
        string? idempotencyKey = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : null;
        if (idempotencyKey is not null && !IdempotencyStore.IsValidKey(idempotencyKey))
            return Problems.BadRequest("invalid-idempotency-key", "Idempotency-Key must be 1-255 printable ASCII characters.");

        var body = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.SubmitRunRequest, options.Value.MaxBodyBytes, cancellationToken);
        if (body.Problem is not null)
            return body.Problem;
        var (valid, problem) = validator.Validate(body.Value!);
        if (problem is not null)
            return problem;

        var resolution = await callers.ResolveAsync(context, cancellationToken);
        if (resolution.Problem is not null)
            return resolution.Problem;
        var caller = resolution.Caller!;
        var bodyHash = IdempotencyStore.HashBody(body.Bytes);

        RunSubmitter.Outcome? outcome = null;
        if (idempotencyKey is not null)
            outcome = await submitter.ReplayAsync(caller, idempotencyKey, bodyHash, cancellationToken);
        if (outcome is null)
        {
            var decision = await rateLimiter.AcquireAsync(caller, cancellationToken);
            decision?.WriteHeaders(context.Response);
            if (decision is { Allowed: false })
                return Problems.TooManyRequests("rate-limited", $"Rate limit of {decision.Policy.PermitsPerMinute} runs per minute exceeded for this {caller.Kind}.");
            outcome = await submitter.SubmitAsync(valid!, caller, idempotencyKey, bodyHash, cancellationToken);
        }

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
                return Problems.Create(StatusCodes.Status409Conflict, "session-busy", "Conflict.",
                    "This session already has a queued or running run.", new Dictionary<string, object?> { ["activeRunId"] = busy.ActiveRunId });
            case RunSubmitter.Outcome.SessionCoolingDown cooling:
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(cooling.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Problems.TooManyRequests("session-cooldown", "This session started a run moments ago; wait before the next one.");
            default:
                throw new InvalidOperationException("Unexpected submission outcome.");
        }
    }

    public static async Task<Results<Ok<RunDocument>, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, RunStore store, RunWaiter waiter, IOptions<RunsOptions> options, CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(id))
            return Problems.BadRequest("invalid-run-id", "A run id is 32 lowercase hexadecimal digits.");
        var (wait, waitProblem) = ParseWait(request, options.Value);
        if (waitProblem is not null)
            return waitProblem;
        var run = await store.GetAsync(id, includeInputs: false, cancellationToken);
        if (run is null)
            return Problems.NotFound($"No run '{id}'.");
        if (wait > TimeSpan.Zero)
            run = await waiter.WaitForFinalAsync(run, wait, cancellationToken) ?? run;
        return TypedResults.Ok(RunDocument.From(run));
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
