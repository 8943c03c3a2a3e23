using System.Text;

namespace Neuron.Functions.Keys;

/// <summary>
/// The key a request presents: <c>Authorization: Bearer &lt;key&gt;</c>, <c>X-Api-Key: &lt;key&gt;</c>, or, for clients
/// written against the APIs Neuron also answers, Judge0's <c>X-Auth-Token: &lt;key&gt;</c>, Piston's bare
/// <c>Authorization: &lt;key&gt;</c>, and <c>Authorization: Basic</c> with the key as the user name — what an HTTP client
/// sends for a base URL carrying the key as its user info (<c>http://sk_…@host</c>), the one way a client that cannot
/// set headers (the npm <c>piston-client</c>) can present a key.
/// </summary>
public static class PresentedKey
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string Judge0Header = "X-Auth-Token";

    public static string? From(HttpRequest request)
    {
        foreach (var header in (string[])[ApiKeyHeader, Judge0Header])
        {
            var value = request.Headers[header].ToString();
            if (!string.IsNullOrWhiteSpace(value))
                return value.Trim();
        }
        var authorization = request.Headers.Authorization.ToString().Trim();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization.Length > 7 && authorization[7..].Trim() is { Length: > 0 } bearer ? bearer : null;
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            return FromBasic(authorization[6..].Trim());
        // Piston's own optional key is the bare header value; only a value shaped like a Neuron key is taken as one.
        return ApiKeySecrets.LooksLikeKey(authorization) ? authorization : null;
    }

    /// <summary>The key as the user name of Basic credentials (<c>key:</c>, or <c>key</c> without a colon), or as the password with no user name.</summary>
    private static string? FromBasic(string credentials)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':');
        var user = colon < 0 ? decoded : decoded[..colon];
        var candidate = user.Length > 0 ? user : decoded[(colon + 1)..];
        return ApiKeySecrets.LooksLikeKey(candidate) ? candidate : null;
    }
}
