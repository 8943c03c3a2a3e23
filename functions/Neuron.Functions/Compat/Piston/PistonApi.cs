using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Cors;
using Neuron.Functions.Http;
using Neuron.Functions.Languages;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// Piston v2 under <c>/api/v2</c>: <c>GET /runtimes</c> and <c>POST /execute</c>, an adapter over the native runs
/// pipeline (<see cref="RunIntake"/>: the same key, rate limit, quota, validation, metering and queue). An execute
/// answers synchronously: it waits for the run as <c>?wait</c> does, at most <see cref="RunsOptions.MaxWaitSeconds"/>;
/// a run still not final by then is not lost — the answer is 504 with its id, and <c>GET /api/runs/{id}</c> reads it.
/// Errors are Piston's <c>{"message": ...}</c> with the status the pipeline chose.
/// </summary>
public sealed class PistonApi(RunIntake intake, RunWaiter waiter, LanguageCatalog catalog, PistonRuntimes runtimes, IOptions<RunsOptions> options)
{
    [Function("PistonRuntimes")]
    [AllowKeyOrigins]
    [Tags("Piston v2")]
    [EndpointSummary("Piston v2: the languages as Piston runtimes (language, semver version, aliases).")]
    public async Task<Ok<IReadOnlyList<PistonRuntime>>> RuntimesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v2/runtimes")] HttpRequest request, CancellationToken cancellationToken)
    {
        await catalog.ReadyAsync(cancellationToken);
        return TypedResults.Ok(runtimes.All());
    }

    [Function("PistonExecute")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Piston v2")]
    [EndpointSummary("Piston v2: run a program and answer with its result (waits for it; JSON with or without a Content-Type).")]
    public async Task<Results<Ok<PistonExecuteResult>, JsonHttpResult<PistonError>>> ExecuteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v2/execute")] HttpRequest request, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!CompatBody.IsJsonOrUnlabelled(request))
            return Error(StatusCodes.Status415UnsupportedMediaType, "requests must be of type application/json");
        if (request.ContentLength > limits.MaxBodyBytes)
            return Error(StatusCodes.Status413PayloadTooLarge, $"the body exceeds {limits.MaxBodyBytes} bytes");

        Runner.Contracts.LanguageInfo? language = null;
        var result = await intake.SubmitAsync(request.HttpContext, idempotencyKey: null, async ct =>
        {
            var bytes = await JsonBody.ReadBytesAsync(request, limits.MaxBodyBytes, ct);
            if (bytes is null)
                return new RunIntake.Body(null, [], Problems.TooLarge($"the body exceeds {limits.MaxBodyBytes} bytes"));
            await catalog.ReadyAsync(ct);
            var parsed = PistonExecuteRequest.Parse(bytes, catalog.All);
            language = parsed.Language;
            return new RunIntake.Body(parsed.Request, bytes, parsed.Error is null ? null : Problems.BadRequest("piston-request", parsed.Error));
        }, cancellationToken);
        if (result.Problem is { } problem)
            return Error(problem.StatusCode, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "the request was refused");

        var run = result.Accepted!.Run;
        run = await waiter.WaitForFinalAsync(run, TimeSpan.FromSeconds(limits.MaxWaitSeconds), cancellationToken) ?? run;
        if (!run.IsFinal)
        {
            request.HttpContext.Response.Headers.Location = $"/api/runs/{run.Id}";
            return Error(StatusCodes.Status504GatewayTimeout,
                $"run {run.Id} did not finish within {limits.MaxWaitSeconds} s; it goes on: GET /api/runs/{run.Id} reads it");
        }
        return TypedResults.Ok(PistonResultMapper.From(run, language!));
    }

    private static JsonHttpResult<PistonError> Error(int status, string message) =>
        TypedResults.Json(new PistonError(message), FunctionsJsonContext.Default.PistonError, statusCode: status);
}
