using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Logging;
using Neuron.Testing;

namespace Neuron.Browser.Tests;

/// <summary>A tiny Kestrel server for static pages (and, optionally, a folder of files): a blog on an origin of its own.</summary>
public sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, Uri origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary>scheme://host:port, as the browser sends it in <c>Origin</c>.</summary>
    public Uri Origin { get; }

    public string OriginText => Origin.GetLeftPart(UriPartial.Authority);

    /// <param name="page">path (e.g. "/post.html") → its HTML, or null (404); asked on every request.</param>
    /// <param name="files">a URL prefix (e.g. "/prism") and the folder whose files it serves, by name and type.</param>
    public static async Task<StaticSite> StartAsync(Func<string, string?> page, (string Prefix, string Folder)? files = null)
    {
        var origin = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin.ToString());
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var types = new FileExtensionContentTypeProvider();
        app.MapGet("/{**path}", (string? path) =>
        {
            path = "/" + path;
            if (files is var (prefix, folder) && path.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                var name = Path.GetFileName(path);
                var file = Path.Combine(folder, name);
                return File.Exists(file) && types.TryGetContentType(name, out var type) ? Results.File(file, type) : Results.NotFound();
            }
            return page(path) is { } html ? Results.Content(html, "text/html; charset=utf-8") : Results.NotFound();
        });
        await app.StartAsync();
        return new StaticSite(app, origin);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
