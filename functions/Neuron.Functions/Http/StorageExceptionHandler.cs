using Microsoft.AspNetCore.Diagnostics;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Http;

/// <summary>
/// Storage failures that escape a handler become 503 + <c>Retry-After</c> problems: the request can be retried
/// (a submission that failed this way kept nothing). So does a cancellation the caller did not ask for: the storage
/// client's network timeout on its last try. Anything else stays a 500 problem.
/// </summary>
public sealed class StorageExceptionHandler(IProblemDetailsService problems, ILogger<StorageExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(context, exception))
            return false;
        logger.LogError("Storage unavailable for {Path}: {Error}", context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = "urn:neuron:problem:unavailable",
                Title = "Service unavailable.",
                Detail = "Storage is unavailable; nothing was kept. Retry shortly.",
            },
        });
    }

    public static bool IsUnavailable(HttpContext context, Exception exception) =>
        StorageFailure.Is(exception)
        || exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested;
}
