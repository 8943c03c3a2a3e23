namespace Neuron.Functions.Cors;

/// <summary>
/// The CORS response headers for an allowed origin. They are added when the response starts (not at once), so that
/// an error answered later — the 503 written after an exception, which clears the response — still carries them
/// and the browser script can read it.
/// </summary>
public static class CorsHeaders
{
    public const string AllowedHeaders = "authorization, content-type, idempotency-key, x-api-key, x-auth-token";
    public const string AllowedMethods = "GET, POST";
    public const string ExposedHeaders = "Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Location, Idempotent-Replayed";
    public const int MaxAgeSeconds = 600;

    public static void Allow(HttpResponse response, string origin)
    {
        response.OnStarting(() =>
        {
            response.Headers.AccessControlAllowOrigin = origin;
            response.Headers.AccessControlExposeHeaders = ExposedHeaders;
            response.Headers.Append("Vary", "Origin");
            return Task.CompletedTask;
        });
    }

    public static void AllowPreflight(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowMethods = AllowedMethods;
        response.Headers.AccessControlAllowHeaders = AllowedHeaders;
        response.Headers.AccessControlMaxAge = MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.Append("Vary", "Origin");
    }
}
