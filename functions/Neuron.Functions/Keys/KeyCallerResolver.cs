using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Cors;
using Neuron.Functions.Http;

namespace Neuron.Functions.Keys;

/// <summary>
/// Authenticates a request by its API key (one point read of the key's hash: never cached, so a revocation holds on
/// the next request) and applies the browser rules: a secret key with an <c>Origin</c> is refused (403), a
/// publishable key only with an <c>Origin</c> on its allow-list (403 otherwise, without CORS headers); an accepted
/// publishable key's response carries <c>Access-Control-Allow-Origin</c>. A 401 to a browser carries the CORS
/// headers when its origin is allowed by some key, so that a page can tell its user the key was revoked.
/// </summary>
public sealed class KeyCallerResolver(ApiKeyStore keys, IOptions<KeysOptions> options) : ICallerResolver
{
    public async ValueTask<CallerResolution> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var origin = Origins.Of(context.Request, options.Value.PublicOrigin);
        var presented = PresentedKey.From(context.Request);
        var key = presented is null ? null : await keys.FindAsync(presented, cancellationToken);
        if (key is null || key.IsRevoked)
        {
            if (origin is not null && await keys.IsAllowedOriginAsync(origin, cancellationToken))
                CorsHeaders.Allow(context.Response, origin);
            var (slug, detail) = presented is null
                ? ("missing-key", "Present an API key: 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.")
                : key is null ? ("invalid-key", "The API key is not valid.") : ("revoked-key", "The API key was revoked.");
            return CallerResolution.Refused(Problems.Unauthorized(context.Response, slug, detail));
        }

        if (!key.IsPublishable)
        {
            return origin is null
                ? CallerResolution.Of(CallerIdentity.Of(key))
                : CallerResolution.Refused(Problems.Forbidden("secret-key-in-browser", "Secret keys are for servers; use a publishable key in browsers."));
        }
        if (origin is null)
            return CallerResolution.Refused(Problems.Forbidden("origin-required", "Publishable keys are for browsers: the request must carry an allowed Origin."));
        if (!key.Origins.Contains(origin, StringComparer.Ordinal))
            return CallerResolution.Refused(Problems.Forbidden("origin-not-allowed", $"Origin {Problems.Echo(origin)} is not on this key's allow-list."));
        CorsHeaders.Allow(context.Response, origin);
        return CallerResolution.Of(CallerIdentity.Of(key));
    }
}
