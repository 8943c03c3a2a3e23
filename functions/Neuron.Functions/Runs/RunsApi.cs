using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Idempotency;

namespace Neuron.Functions.Runs;

/// <summary><c>POST /api/runs</c> and <c>GET /api/runs/{id}</c>.</summary>
public sealed class RunsApi(
    RunIntake intake, RunWaiter waiter, RunStore store, IOptions<RunsOptions> options)
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
        var (wait, waitProblem) = ParseWait(request, options.Value);
        if (waitProblem is not null)
            return waitProblem;
        string? idempotencyKey = request.Headers[IdempotencyKeyHeader].ToString() is { Length: > 0 } k ? k : null;
        if (idempotencyKey is not null && !IdempotencyStore.IsValidKey(idempotencyKey))
            return Problems.BadRequest("invalid-idempotency-key", "Idempotency-Key must be 1-255 printable ASCII characters.");
        // All that the headers can decide is decided before the body (up to MaxBodyBytes) is read: its type and
        // declared size, the key (above), and the key's rate limit and daily quota (in the intake).
        if (JsonBody.Precheck(request, options.Value.MaxBodyBytes) is { } refused)
            return refused;
        var result = await intake.SubmitAsync(context, idempotencyKey, async ct =>
        {
            var body = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.SubmitRunRequest, options.Value.MaxBodyBytes, ct);
            return new RunIntake.Body(body.Value, body.Bytes, body.Problem);
        }, cancellationToken);
        return result.Problem ?? await RespondAsync(context, result.Accepted!, wait, cancellationToken);
    }

    private async Task<Results<Accepted<RunDocument>, Ok<RunDocument>, ProblemHttpResult>> RespondAsync(
        HttpContext context, RunSubmitter.Outcome.Accepted accepted, TimeSpan wait, CancellationToken cancellationToken)
    {
        var run = accepted.Run;
        if (accepted.Replayed)
            context.Response.Headers["Idempotent-Replayed"] = "true";
        if (wait > TimeSpan.Zero)
            run = await waiter.WaitForFinalAsync(run, wait, cancellationToken) ?? run;
        var location = $"/api/runs/{run.Id}";
        context.Response.Headers.Location = location;
        return run.IsFinal ? TypedResults.Ok(RunDocument.From(run)) : TypedResults.Accepted(location, RunDocument.From(run));
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

    internal static (TimeSpan Wait, ProblemHttpResult? Problem) ParseWait(HttpRequest request, RunsOptions options)
    {
        var text = request.Query["wait"].ToString();
        if (text.Length == 0)
            return (TimeSpan.Zero, null);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > options.MaxWaitSeconds)
            return (TimeSpan.Zero, Problems.BadRequest("invalid-wait", $"'wait' is a whole number of seconds from 0 to {options.MaxWaitSeconds}."));
        return (TimeSpan.FromSeconds(seconds), null);
    }
}
