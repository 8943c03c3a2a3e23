using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Http;

/// <summary>RFC 9457 problem details for every error this app answers. Each kind has a stable <c>type</c> URN.</summary>
public static class Problems
{
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
