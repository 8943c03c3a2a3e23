namespace Neuron.Functions.RateLimiting;

/// <summary>The outcome of one permit request, with what the <c>RateLimit-*</c> headers report.</summary>
public sealed record RateLimitDecision(bool Allowed, RateLimitPolicy Policy, int Remaining, TimeSpan Reset, TimeSpan RetryAfter)
{
    public void WriteHeaders(HttpResponse response)
    {
        response.Headers["RateLimit-Limit"] = Policy.Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["RateLimit-Reset"] = Seconds(Reset);
        response.Headers["RateLimit-Policy"] = $"{Policy.Burst};w=60";
        if (!Allowed)
            response.Headers.RetryAfter = Seconds(RetryAfter);
    }

    private static string Seconds(TimeSpan t) =>
        Math.Max(1, (int)Math.Ceiling(t.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
