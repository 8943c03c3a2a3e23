namespace Neuron.Functions.Keys;

/// <summary>
/// Web origins as browsers send them in <c>Origin</c>: <c>scheme://host[:port]</c>, lowercase, default port omitted,
/// no path. Allow-lists hold only such strings (no wildcards) and a request's origin matches one exactly.
/// </summary>
public static class Origins
{
    public const int MaxPerKey = 20;

    /// <summary>The canonical form of an allow-list entry, or null when it is not an http(s) origin.</summary>
    public static string? Normalize(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 255 || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
            return null;
        if (uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return null;
        // "https://blog.example" and "https://blog.example/" are the same origin; anything longer has a path.
        var authorityEnd = value.IndexOf('/', uri.Scheme.Length + 3);
        if (authorityEnd >= 0 && authorityEnd != value.Length - 1)
            return null;
        if (string.IsNullOrEmpty(uri.Host) || uri.Host.Contains('*'))
            return null;
        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.Host}" : $"{uri.Scheme}://{uri.Host}:{uri.Port}";
    }

    /// <summary>
    /// The request's <c>Origin</c> header, or null when absent. (<c>null</c>, sent by sandboxed frames, matches nothing.)
    /// Browsers leave <c>Origin</c> off same-origin GETs (the playground at / polling its run): for a <c>GET</c> marked
    /// <c>Sec-Fetch-Site: same-origin</c> whose <c>Referer</c> is on this service's own origin — the request's own
    /// <c>scheme://host[:port]</c> (or its host over https, as behind a TLS front end), or <paramref name="publicOrigin"/> (<see cref="KeysOptions.PublicOrigin"/>, the address
    /// browsers use when a proxy or TLS front end stands between them and the app) — that origin stands in. Any other
    /// <c>Referer</c>, and any other method, counts as no origin.
    /// </summary>
    public static string? Of(HttpRequest request, string? publicOrigin)
    {
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin)
            return origin;
        if (!HttpMethods.IsGet(request.Method) || request.Headers["Sec-Fetch-Site"].ToString() != "same-origin")
            return null;
        if (!Uri.TryCreate(request.Headers.Referer.ToString(), UriKind.Absolute, out var referer) || referer.Scheme is not ("http" or "https"))
            return null;
        var refererOrigin = Normalize(referer.GetLeftPart(UriPartial.Authority));
        if (refererOrigin is null)
            return null;
        // The request's own host, as it arrived or over https: a TLS front end (Azure's) hands the app plain http.
        var own = request.Host.HasValue
            ? new[] { Normalize($"{request.Scheme}://{request.Host.Value}"), Normalize($"https://{request.Host.Value}") }
            : [];
        return own.Contains(refererOrigin) || refererOrigin == Normalize(publicOrigin) ? refererOrigin : null;
    }
}
