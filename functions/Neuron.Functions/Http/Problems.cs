using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Http;

/// <summary>RFC 9457 problem details for every error this app answers. Each kind has a stable <c>type</c> URN.</summary>
public static class Problems
{
    /// <summary>The most of a caller's own text a problem ever repeats.</summary>
    public const int MaxEchoLength = 64;

    /// <summary>
    /// Caller-supplied text as a problem may repeat it: at most <see cref="MaxEchoLength"/> characters (cut ones end
    /// in '…'), control characters shown as '?', so that an answer never grows with, or is shaped by, the input.
    /// </summary>
    public static string Echo(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var cut = text.Length > MaxEchoLength;
        var length = cut ? MaxEchoLength - 1 : text.Length;
        if (cut && char.IsHighSurrogate(text[length - 1]))
            length--; // never half a character
        var echo = string.Create(length, text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
        });
        return cut ? echo + "…" : echo;
    }

    public static ProblemHttpResult Create(int status, string slug, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: "urn:neuron:problem:" + slug, extensions: extensions);

    public static ProblemHttpResult BadRequest(string slug, string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status400BadRequest, slug, "The request is invalid.", detail, extensions);

    public static ProblemHttpResult TooLarge(string detail) =>
        Create(StatusCodes.Status413PayloadTooLarge, "too-large", "The request is too large.", detail);

    public static ProblemHttpResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type.", "Send the body as application/json.");

    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>.</summary>
    public static ProblemHttpResult Unauthorized(HttpResponse response, string slug, string detail)
    {
        response.Headers.WWWAuthenticate = "Bearer";
        return Create(StatusCodes.Status401Unauthorized, slug, "Unauthorized.", detail);
    }

    public static ProblemHttpResult Forbidden(string slug, string detail) =>
        Create(StatusCodes.Status403Forbidden, slug, "Forbidden.", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static ProblemHttpResult Conflict(string slug, string detail) =>
        Create(StatusCodes.Status409Conflict, slug, "Conflict.", detail);

    public static ProblemHttpResult TooManyRequests(string slug, string detail) =>
        Create(StatusCodes.Status429TooManyRequests, slug, "Too many requests.", detail);

    public static ProblemHttpResult Unavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable.", detail);
}
