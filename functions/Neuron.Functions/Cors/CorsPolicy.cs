using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Cors;

/// <summary>
/// CORS for what is not answered per key: preflights (<c>OPTIONS /api/…</c>) get 204 and the
/// <c>Access-Control-*</c> headers only when their origin is on the allow-list of at least one unrevoked publishable
/// key (read from storage each time, never cached), otherwise 403 without CORS headers; the public functions marked
/// <see cref="AllowKeyOriginsAttribute"/> carry <c>Access-Control-Allow-Origin</c> for the same origins. Functions
/// that take a key are answered by the API-key scheme (<c>Callers.ApiKeyAuthenticationHandler</c>).
/// </summary>
public sealed class CorsPolicy(ApiKeyStore keys, IOptions<KeysOptions> options)
{
    public async Task AllowKeyOriginsAsync(HttpContext context)
    {
        var origin = Origins.Of(context.Request, options.Value.PublicOrigin);
        if (origin is not null && await keys.IsAllowedOriginAsync(origin, context.RequestAborted))
            CorsHeaders.Allow(context.Response, origin);
    }

    public async Task<IResult> PreflightAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = Origins.Of(request, options.Value.PublicOrigin);
        var method = request.Headers.AccessControlRequestMethod.ToString();
        string? refusal = null;
        if (origin is null || method.Length == 0)
            refusal = "Not a CORS preflight: Origin and Access-Control-Request-Method are required.";
        else if (request.Path.StartsWithSegments("/api/admin"))
            refusal = "The admin API is not for browsers.";
        else if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method))
            refusal = $"Method {Problems.Echo(method)} is not allowed from browsers.";
        else if (!await keys.IsAllowedOriginAsync(origin, context.RequestAborted))
            refusal = $"Origin {Problems.Echo(origin)} is not on the allow-list of any publishable key.";

        if (refusal is not null)
            return Problems.Forbidden("origin-not-allowed", refusal);
        CorsHeaders.AllowPreflight(context.Response, origin!);
        return TypedResults.NoContent();
    }
}
