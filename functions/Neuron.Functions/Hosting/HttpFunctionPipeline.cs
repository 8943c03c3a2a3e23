using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Neuron.Functions.Cors;

namespace Neuron.Functions.Hosting;

/// <summary>
/// What every HTTP function gets around it, in both hostings (the worker middleware under the Functions host,
/// the endpoint locally): CORS headers for the functions marked <see cref="AllowKeyOriginsAttribute"/>, the
/// function's <see cref="AuthorizeAttribute"/> policy (the API-key scheme challenges with its own problem), and
/// exceptions as RFC 9457 problems — a storage failure as 503 with Retry-After, anything else as 500.
/// </summary>
public sealed class HttpFunctionPipeline(
    CorsPolicy cors, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, IEnumerable<IExceptionHandler> handlers,
    IProblemDetailsService problems, ILogger<HttpFunctionPipeline> logger)
{
    public async Task InvokeAsync(HttpContext context, FunctionDescriptor function, Func<Task> next)
    {
        try
        {
            if (function.Method.IsDefined(typeof(AllowKeyOriginsAttribute)))
                await cors.AllowKeyOriginsAsync(context);
            if (await AuthorizeAsync(context, function))
                await next();
        }
        catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            await WriteProblemAsync(context, function, e);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<AuthorizationPolicy?>> _policies = new();

    private async Task<bool> AuthorizeAsync(HttpContext context, FunctionDescriptor function)
    {
        // A function's attributes never change: its policy is combined once.
        var policy = await _policies.GetOrAdd(function.Name,
            _ => AuthorizationPolicy.CombineAsync(policies, function.Method.GetCustomAttributes<AuthorizeAttribute>().ToList()));
        if (policy is null)
            return true;
        var authenticated = await evaluator.AuthenticateAsync(policy, context);
        var authorized = await evaluator.AuthorizeAsync(policy, authenticated, context, resource: null);
        if (authorized.Succeeded)
            return true;
        // As AuthorizationMiddleware does; a policy naming no scheme falls to the default one (there is none: it throws).
        var schemes = policy.AuthenticationSchemes.Count > 0 ? policy.AuthenticationSchemes.Select(s => (string?)s).ToList() : [null];
        foreach (var scheme in schemes)
        {
            if (authorized.Challenged)
                await context.ChallengeAsync(scheme);
            else
                await context.ForbidAsync(scheme);
        }
        return false;
    }

    private async Task WriteProblemAsync(HttpContext context, FunctionDescriptor function, Exception exception)
    {
        context.Response.Clear();
        foreach (var handler in handlers)
        {
            if (await handler.TryHandleAsync(context, exception, context.RequestAborted))
                return;
        }
        logger.LogError(exception, "Function {Function} failed", function.Name);
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status500InternalServerError, Title = "An error occurred while processing your request." },
        });
    }
}
