using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;

namespace Neuron.Functions.Runs;

/// <summary><c>POST /api/runs/batch</c> and <c>GET /api/runs?ids=</c>: many runs in one request.</summary>
public sealed class RunBatchApi(RunIntake intake, RunWaiter waiter, RunStore store, IOptions<RunsOptions> options)
{
    [Function("SubmitRunBatch")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Runs")]
    [EndpointSummary("Submit up to 20 runs, all or none; ?wait=N (seconds) returns them when all are final in time.")]
    [Consumes(typeof(SubmitBatchRequest), "application/json")]
    public async Task<Results<Accepted<RunBatchDocument>, Ok<RunBatchDocument>, ProblemHttpResult>> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/runs/batch")] HttpRequest request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var (wait, waitProblem) = RunsApi.ParseWait(request, o);
        if (waitProblem is not null)
            return waitProblem;
        if (request.Headers.ContainsKey(RunsApi.IdempotencyKeyHeader))
            return Problems.BadRequest("invalid-batch", "A batch takes no Idempotency-Key: submit runs one by one to make them idempotent.");
        if (JsonBody.Precheck(request, o.MaxBodyBytes) is { } refused)
            return refused;
        var result = await intake.SubmitBatchAsync(request.HttpContext, o.MaxBatchRuns, async ct =>
        {
            var body = await JsonBody.ReadAsync(request, FunctionsJsonContext.Default.SubmitBatchRequest, o.MaxBodyBytes, ct);
            return body.Problem is not null ? new RunIntake.BatchBody(null, body.Problem)
                : body.Value!.Runs is { } runs ? new RunIntake.BatchBody(runs, null)
                : new RunIntake.BatchBody(null, Problems.BadRequest("invalid-batch", "'runs' is required: the runs of the batch."));
        }, cancellationToken);
        if (result.Problem is not null)
            return result.Problem;
        var runs = result.Runs!;
        if (wait > TimeSpan.Zero)
            runs = await Task.WhenAll(runs.Select(async run => await waiter.WaitForFinalAsync(run, wait, cancellationToken) ?? run));
        var document = new RunBatchDocument([.. runs.Select(RunDocument.From)]);
        return runs.All(r => r.IsFinal) ? TypedResults.Ok(document) : TypedResults.Accepted((string?)null, document);
    }

    [Function("GetRuns")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Runs")]
    [EndpointSummary("Read up to 20 runs: ?ids=id1,id2,…; ids that are not the caller's runs are listed in notFound.")]
    public async Task<Results<Ok<RunListDocument>, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs")] HttpRequest request, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxReadIds;
        var ids = request.Query["ids"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0 || ids.Count > max)
            return Problems.BadRequest("invalid-run-ids", $"'ids' names 1 to {max} runs, comma-separated.");
        if (ids.FirstOrDefault(id => !RunIds.IsValid(id)) is { } invalid)
            return Problems.BadRequest("invalid-run-ids", $"'{Problems.Echo(invalid)}' is not a run id (32 lowercase hexadecimal digits).");
        var caller = request.HttpContext.Caller().Id;
        var runs = await Task.WhenAll(ids.Select(id => store.GetAsync(id, includeInputs: false, cancellationToken)));
        // A run is its key's: another key's run is as unknown as one that does not exist.
        var found = runs.Where(r => r is not null && r.KeyId == caller).Select(r => RunDocument.From(r!)).ToList();
        var notFound = ids.Where(id => found.All(r => r.Id != id)).ToList();
        return TypedResults.Ok(new RunListDocument(found, notFound));
    }
}
