using System.Security.Cryptography;

namespace Neuron.Functions.Web;

/// <summary>
/// The playground and the embed widget, compiled into the assembly as embedded resources (<c>Web/Assets/*</c>), so
/// the build output and the zip-deployable publish folder serve the same bytes without a content folder. The editor
/// (<c>editor.js</c>) is CodeMirror bundled at build time from <c>Web/editor</c>.
/// </summary>
public sealed class WebAssets
{
    /// <summary>The page and its files are revalidated on every load (cheap: 304 by ETag), so a deploy shows at once.</summary>
    private const string Revalidate = "no-cache";

    /// <summary>Blogs load embed.js on every page view: let browsers and CDNs keep it briefly, then revalidate.</summary>
    private const string Embed = "public, max-age=300, stale-while-revalidate=3600";

    private readonly Dictionary<string, WebAsset> _assets;

    public WebAssets()
    {
        _assets = new Dictionary<string, WebAsset>(StringComparer.Ordinal)
        {
            ["index.html"] = Load("index.html", "text/html; charset=utf-8", Revalidate),
            ["embed.js"] = Load("embed.js", "text/javascript; charset=utf-8", Embed),
            ["playground.js"] = Load("playground.js", "text/javascript; charset=utf-8", Revalidate),
            ["autosave.js"] = Load("autosave.js", "text/javascript; charset=utf-8", Revalidate),
            ["editor.js"] = Load("editor.js", "text/javascript; charset=utf-8", Revalidate),
            ["playground.css"] = Load("playground.css", "text/css; charset=utf-8", Revalidate),
        };
    }

    public WebAsset? Find(string name) => _assets.GetValueOrDefault(name);

    private static WebAsset Load(string name, string contentType, string cacheControl)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream("Web/" + name)
            ?? throw new InvalidOperationException($"Embedded resource Web/{name} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..32] + "\"";
        return new WebAsset(name, contentType, cacheControl, bytes, etag);
    }
}
