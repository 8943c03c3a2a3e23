namespace Neuron.Functions.Keys;

/// <summary>The key a request presents: <c>Authorization: Bearer &lt;key&gt;</c>, or <c>X-Api-Key: &lt;key&gt;</c>.</summary>
public static class PresentedKey
{
    public const string ApiKeyHeader = "X-Api-Key";

    public static string? From(HttpRequest request)
    {
        var apiKey = request.Headers[ApiKeyHeader].ToString();
        if (!string.IsNullOrWhiteSpace(apiKey))
            return apiKey.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7
            ? authorization[7..].Trim()
            : null;
    }
}
