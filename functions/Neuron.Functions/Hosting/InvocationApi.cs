using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Functions.Http;

namespace Neuron.Functions.Hosting;

/// <summary>
/// The Functions host's invocation requests for non-HTTP triggers: <c>POST /{FunctionName}</c> with
/// <see cref="InvocationPayload"/>. Mapped only under the Functions host.
/// </summary>
public static class InvocationApi
{
    public static IEndpointRouteBuilder MapInvocationApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + FunctionNames.DispatchRun, (HttpRequest request, FunctionInvoker invoker, ILoggerFactory logs, CancellationToken ct) =>
                InvokeAsync(request, logs, p => invoker.DispatchRunAsync(p.ToQueueTrigger(FunctionNames.MessageBinding), ct), ct))
            .WithName(FunctionNames.DispatchRun).WithSummary("Queue trigger on runs: dispatch one run to the runner.").ExcludeFromDescription();
        app.MapPost("/" + FunctionNames.FailPoisonedRun, (HttpRequest request, FunctionInvoker invoker, ILoggerFactory logs, CancellationToken ct) =>
                InvokeAsync(request, logs, p => invoker.FailPoisonedRunAsync(p.ToQueueTrigger(FunctionNames.MessageBinding), ct), ct))
            .WithName(FunctionNames.FailPoisonedRun).WithSummary("Queue trigger on runs-poison: fail the run.").ExcludeFromDescription();
        app.MapPost("/" + FunctionNames.SweepRuns, (HttpRequest request, FunctionInvoker invoker, ILoggerFactory logs, CancellationToken ct) =>
                InvokeAsync(request, logs, _ => invoker.SweepRunsAsync(ct), ct))
            .WithName(FunctionNames.SweepRuns).WithSummary("Timer trigger: recover stuck runs.").ExcludeFromDescription();
        app.MapPost("/" + FunctionNames.ScaleBurstCapacity, (HttpRequest request, FunctionInvoker invoker, ILoggerFactory logs, CancellationToken ct) =>
                InvokeAsync(request, logs, _ => invoker.ScaleBurstCapacityAsync(ct), ct))
            .WithName(FunctionNames.ScaleBurstCapacity).WithSummary("Timer trigger: start or stop ACI burst runners.").ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>, ProblemHttpResult>> InvokeAsync(
        HttpRequest request, ILoggerFactory logs, Func<InvocationPayload, Task<string>> handler, CancellationToken cancellationToken)
    {
        var logger = logs.CreateLogger(typeof(InvocationApi));
        InvocationPayload payload;
        try
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, cancellationToken);
            payload = InvocationPayload.Parse(body.ToArray());
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return Problems.BadRequest("malformed-invocation", "The invocation payload is not understood: " + e.Message);
        }

        try
        {
            var log = await handler(payload);
            return TypedResults.Ok(InvocationResponse.Of(log));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Invocation {Path} failed: {Error}", request.Path, e.Message);
            return TypedResults.Json(InvocationResponse.Of("Failed: " + e.Message), FunctionsJsonContext.Default.InvocationResponse,
                statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
