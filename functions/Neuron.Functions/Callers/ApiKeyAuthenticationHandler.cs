using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Neuron.Functions.Cors;
using Neuron.Functions.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Callers;

/// <summary>
/// The API-key scheme. Authenticates a request by its key (one point read of the key's hash: never cached, so a
/// revocation holds on the next request) and applies the browser rules: a secret key with an <c>Origin</c> is refused
/// (403), a publishable key only with an <c>Origin</c> on its allow-list (403 otherwise, without CORS headers); an
/// accepted publishable key's response carries <c>Access-Control-Allow-Origin</c>. A 401 to a browser carries the
/// CORS headers when its origin is allowed by some key, so that a page can tell its user the key was revoked. The
/// challenge answers with the refusal's RFC 9457 problem.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyStore keys, IOptions<KeysOptions> options)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var origin = Origins.Of(Request, options.Value.PublicOrigin);
        var presented = PresentedKey.From(Request);
        var key = presented is null ? null : await keys.FindAsync(presented, Context.RequestAborted);
        if (key is null || key.IsRevoked)
        {
            if (origin is not null && await keys.IsAllowedOriginAsync(origin, Context.RequestAborted))
                CorsHeaders.Allow(Response, origin);
            return presented is null
                ? Refuse(StatusCodes.Status401Unauthorized, "missing-key", "Present an API key: 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.")
                : key is null
                    ? Refuse(StatusCodes.Status401Unauthorized, "invalid-key", "The API key is not valid.")
                    : Refuse(StatusCodes.Status401Unauthorized, "revoked-key", "The API key was revoked.");
        }

        if (!key.IsPublishable)
        {
            return origin is null
                ? Accept(key)
                : Refuse(StatusCodes.Status403Forbidden, "secret-key-in-browser", "Secret keys are for servers; use a publishable key in browsers.");
        }
        if (origin is null)
            return Refuse(StatusCodes.Status403Forbidden, "origin-required", "Publishable keys are for browsers: the request must carry an allowed Origin.");
        if (!key.Origins.Contains(origin, StringComparer.Ordinal))
            return Refuse(StatusCodes.Status403Forbidden, "origin-not-allowed", $"Origin {Problems.Echo(origin)} is not on this key's allow-list.");
        CorsHeaders.Allow(Response, origin);
        return Accept(key);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var refusal = (await HandleAuthenticateOnceSafeAsync()).Failure as ApiKeyRefusal
            ?? new ApiKeyRefusal(StatusCodes.Status401Unauthorized, "missing-key", "Present an API key.");
        var problem = refusal.Status == StatusCodes.Status401Unauthorized
            ? Problems.Unauthorized(Response, refusal.Slug, refusal.Detail)
            : Problems.Forbidden(refusal.Slug, refusal.Detail);
        await problem.ExecuteAsync(Context);
    }

    private AuthenticateResult Accept(ApiKey key) =>
        AuthenticateResult.Success(new AuthenticationTicket(new CallerPrincipal(CallerIdentity.Of(key)), Scheme.Name));

    private static AuthenticateResult Refuse(int status, string slug, string detail) => AuthenticateResult.Fail(new ApiKeyRefusal(status, slug, detail));
}
