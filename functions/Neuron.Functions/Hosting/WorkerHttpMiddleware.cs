using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Neuron.Functions.Hosting;

/// <summary>Under the Functions host: runs each HTTP function inside <see cref="HttpFunctionPipeline"/>.</summary>
public sealed class WorkerHttpMiddleware(FunctionCatalog catalog, HttpFunctionPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (catalog.Find(context.FunctionDefinition.Name) is { Trigger: HttpFunctionTrigger } function && context.GetHttpContext() is { } http)
            await pipeline.InvokeAsync(http, function, () => next(context));
        else
            await next(context);
    }
}
