using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Callers;

/// <summary>
/// Without a key store: a presented key (<c>X-Api-Key</c> or <c>Authorization: Bearer</c>) is only an opaque
/// identity for rate limiting, hashed; otherwise the client IP — from <c>X-Forwarded-For</c> only when
/// <see cref="RateLimitOptions.TrustForwardedFor"/> (the Functions host and Azure's front ends set it).
/// </summary>
public sealed class DefaultCallerResolver(IOptions<RateLimitOptions> options) : ICallerResolver
{
    public ValueTask<CallerResolution> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var key = PresentedKey(context.Request);
        if (key is not null)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
            return ValueTask.FromResult(CallerResolution.Of(new CallerIdentity(CallerIdentity.KeyKind, hash)));
        }
        return ValueTask.FromResult(CallerResolution.Of(new CallerIdentity(CallerIdentity.IpKind, ClientIp(context))));
    }

    public static string? PresentedKey(HttpRequest request)
    {
        var apiKey = request.Headers["X-Api-Key"].ToString();
        if (!string.IsNullOrWhiteSpace(apiKey))
            return apiKey.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }

    private string ClientIp(HttpContext context)
    {
        if (options.Value.TrustForwardedFor)
        {
            var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
            if (!string.IsNullOrWhiteSpace(forwarded))
            {
                var first = forwarded.Split(',')[0].Trim();
                // Azure front ends append the client port ("1.2.3.4:5678").
                if (first.Count(c => c == ':') == 1)
                    first = first[..first.IndexOf(':')];
                if (first.Length > 0)
                    return first;
            }
        }
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
