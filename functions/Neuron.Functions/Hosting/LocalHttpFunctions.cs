using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Local mode: every HTTP function of the <see cref="FunctionCatalog"/> as an endpoint at its route and methods,
/// called through <see cref="HttpFunctionPipeline"/> like the worker calls it. A function may take the
/// <see cref="HttpRequest"/> (its trigger), route values as strings named like the route parameter, and a
/// <see cref="CancellationToken"/>; it returns an <see cref="IResult"/>.
/// </summary>
public static class LocalHttpFunctions
{
    public static IEndpointRouteBuilder MapLocalHttpFunctions(this IEndpointRouteBuilder app)
    {
        var catalog = app.ServiceProvider.GetRequiredService<FunctionCatalog>();
        var pipeline = app.ServiceProvider.GetRequiredService<HttpFunctionPipeline>();
        foreach (var (function, trigger) in catalog.Http)
        {
            var routeParameters = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(trigger.Route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in function.Method.GetParameters())
                EnsureBindable(function, parameter, routeParameters);
            app.MapMethods("/" + trigger.Route, trigger.Methods.Select(m => m.ToUpperInvariant()).ToArray(),
                    context => pipeline.InvokeAsync(context, function, () => InvokeAsync(context, function)))
                .WithName(function.Name)
                .ExcludeFromDescription();
        }
        // Like the host: a path or method no function takes is a 404 (not ASP.NET Core's 405 where only the method
        // differs, which the CORS preflight's catch-all route would make of every unknown /api/ path).
        app.MapFallback("{*path}", () => Http.Problems.NotFound("No function serves this method and path.")).ExcludeFromDescription();
        return app;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionDescriptor function)
    {
        var result = await LocalInvoker.InvokeAsync(function, context.RequestServices, p => Bind(context, p), context.RequestAborted);
        if (result is IResult answer)
            await answer.ExecuteAsync(context);
    }

    private static object? Bind(HttpContext context, ParameterInfo parameter) =>
        parameter.ParameterType == typeof(HttpRequest) ? context.Request : context.Request.RouteValues[parameter.Name!] as string;

    private static void EnsureBindable(FunctionDescriptor function, ParameterInfo parameter, HashSet<string> routeParameters)
    {
        var bindable = parameter.ParameterType == typeof(CancellationToken)
            || (parameter.ParameterType == typeof(HttpRequest) && parameter.IsDefined(typeof(HttpTriggerAttribute)))
            || (parameter.ParameterType == typeof(string) && routeParameters.Contains(parameter.Name!));
        if (!bindable)
            throw new InvalidOperationException($"Function {function.Name}: local mode cannot bind parameter '{parameter.Name}' ({parameter.ParameterType.Name}).");
    }
}
