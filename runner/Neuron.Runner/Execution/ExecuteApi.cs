using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Pool;
using Neuron.Runner.Security;

namespace Neuron.Runner.Execution;

/// <summary>The signed /v1 API the Functions app calls: execute a submission, list languages.</summary>
public static class ExecuteApi
{
    public static IEndpointRouteBuilder MapExecuteApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1");
        v1.MapPost("/execute", ExecuteAsync)
            .WithName("Execute")
            .WithSummary("Runs one submission in a warm sandbox and returns its result; 503 + Retry-After when saturated.");
        v1.MapGet("/languages", Languages)
            .WithName("Languages")
            .WithSummary("The languages this runner serves, with versions read from their images and limits.");
        return app;
    }

    private static async Task<Results<Ok<ExecuteResult>, ProblemHttpResult>> ExecuteAsync(
        HttpContext context, ExecuteValidator validator, Executor executor, RunDeduplicator deduplicator, Admission admission,
        CancellationToken cancellationToken)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
            return Problem(new(415, "Unsupported media type", "send the submission as application/json"));
        ExecuteRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(context.Features.Get<SignedBody>()!.Bytes, RunnerJsonContext.Default.ExecuteRequest);
        }
        catch (JsonException e)
        {
            return Problem(new(400, "Malformed JSON", e.Message));
        }
        if (request is null)
            return Problem(new(400, "Malformed JSON", "the body must be a JSON object"));
        if (validator.Validate(request, out var run) is { } problem)
            return Problem(problem);
        // A retried dispatch of a run (same run id) is answered by the run's one execution.
        var outcome = request.RunId is { } runId
            ? await deduplicator.ExecuteAsync(runId, RunDeduplicator.Fingerprint(run!), token => executor.ExecuteAsync(run!, token), cancellationToken)
            : await executor.ExecuteAsync(run!, cancellationToken);
        if (outcome.Conflict is { } conflict)
            return Problem(new(409, "Run id reused", conflict));
        if (outcome.Result is { } result)
            return TypedResults.Ok(result);
        context.Response.Headers.RetryAfter = admission.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem(new(503, "Runner busy", outcome.Unavailable ?? "every sandbox is busy; retry after the indicated delay"));
    }

    private static Ok<LanguageInfo[]> Languages(LanguageCatalog catalog, PoolManager pools, IOptions<RunnerOptions> options) =>
        TypedResults.Ok(catalog.All
            .Select(l => new LanguageInfo(l.Id, l.Name, pools.Pools[l.Id].Version, l.Aliases, l.Compiled, l.FileName, l.DefaultLimits, l.MaxLimits)
            {
                Runtime = options.Value.RuntimeNameFor(l.Id),
            })
            .ToArray());

    private static ProblemHttpResult Problem(RequestProblem problem) =>
        TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title, extensions: problem.Extensions);
}
