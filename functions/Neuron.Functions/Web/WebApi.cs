using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Neuron.Functions.Web;

/// <summary>
/// <c>GET /</c> (the playground), <c>GET /playground/{file}</c> (its script and styles) and <c>GET /embed.js</c> (the
/// Run widget for blogs). Public, cacheable by strong ETag, never sniffed.
/// </summary>
public sealed class WebApi(WebAssets assets)
{
    /// <summary>The playground talks only to this origin; nothing inline, no frames.</summary>
    public const string PlaygroundPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    [Function("Playground")]
    [ExcludeFromDescription]
    public IResult Playground(
        // The Functions host takes an empty route as "the function's name": an optional, empty-only parameter matches the root.
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{ignored:maxlength(0)?}")] HttpRequest request) =>
        Serve(request.HttpContext, assets.Find("index.html")!);

    [Function("PlaygroundAsset")]
    [ExcludeFromDescription]
    public IResult PlaygroundAsset([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "playground/{file}")] HttpRequest request, string file) =>
        file is "playground.js" or "autosave.js" or "editor.js" or "playground.css" ? Serve(request.HttpContext, assets.Find(file)!) : NotFound();

    [Function("EmbedScript")]
    [ExcludeFromDescription]
    public IResult EmbedScript([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "embed.js")] HttpRequest request) =>
        Serve(request.HttpContext, assets.Find("embed.js")!);

    private static IResult NotFound() => Http.Problems.NotFound("No such file.");

    private static IResult Serve(HttpContext context, WebAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = asset.CacheControl;
        headers.XContentTypeOptions = "nosniff";
        if (asset.Name == "index.html")
        {
            headers.ContentSecurityPolicy = PlaygroundPolicy;
            // Its own address goes only to its own origin: same-origin GETs carry no Origin, the API reads it from Referer.
            headers["Referrer-Policy"] = "same-origin";
        }
        if (asset.Name == "embed.js")
        {
            // Any page may load the widget, also with crossorigin/SRI or under a cross-origin embedder policy.
            headers.AccessControlAllowOrigin = "*";
            headers["Cross-Origin-Resource-Policy"] = "cross-origin";
        }
        if (context.Request.GetTypedHeaders().IfNoneMatch is { Count: > 0 } match
            && match.Any(m => m.Equals(EntityTagHeaderValue.Any) || m.Compare(new EntityTagHeaderValue(asset.ETag), useStrongComparison: false)))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
