using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Cors;

/// <summary>
/// CORS for the API routes that are not answered per key: preflights (<c>OPTIONS /api/…</c>) get 204 and the
/// <c>Access-Control-*</c> headers only when their origin is on the allow-list of at least one unrevoked publishable
/// key (read from storage each time, never cached), otherwise 403 without CORS headers; the public
/// <c>GET /api/languages</c>, <c>/api/health</c>, <c>/api/openapi.json</c> carry <c>Access-Control-Allow-Origin</c> for
/// the same origins. Endpoints that take a key decide for themselves (<see cref="KeyCallerResolver"/>).
/// </summary>
public sealed class CorsMiddleware(RequestDelegate next)
{
    private static readonly string[] PublicPaths = ["/api/languages", "/api/health", "/api/openapi.json"];

    public async Task InvokeAsync(HttpContext context, ApiKeyStore keys, IOptions<KeysOptions> options)
    {
        var request = context.Request;
        var origin = Origins.Of(request, options.Value.PublicOrigin);
        if (HttpMethods.IsOptions(request.Method) && request.Path.StartsWithSegments("/api"))
        {
            await PreflightAsync(context, keys, origin);
            return;
        }
        if (origin is not null && HttpMethods.IsGet(request.Method) && PublicPaths.Any(p => request.Path.Equals(p, StringComparison.OrdinalIgnoreCase))
            && await keys.IsAllowedOriginAsync(origin, context.RequestAborted))
        {
            CorsHeaders.Allow(context.Response, origin);
        }
        await next(context);
    }

    private static async Task PreflightAsync(HttpContext context, ApiKeyStore keys, string? origin)
    {
        var method = context.Request.Headers.AccessControlRequestMethod.ToString();
        string? refusal = null;
        if (origin is null || method.Length == 0)
            refusal = "Not a CORS preflight: Origin and Access-Control-Request-Method are required.";
        else if (context.Request.Path.StartsWithSegments("/api/admin"))
            refusal = "The admin API is not for browsers.";
        else if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method))
            refusal = $"Method {Problems.Echo(method)} is not allowed from browsers.";
        else if (!await keys.IsAllowedOriginAsync(origin, context.RequestAborted))
            refusal = $"Origin {Problems.Echo(origin)} is not on the allow-list of any publishable key.";

        if (refusal is null)
        {
            CorsHeaders.AllowPreflight(context.Response, origin!);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        await Problems.Forbidden("origin-not-allowed", refusal).ExecuteAsync(context);
    }
}
