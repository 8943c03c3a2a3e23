using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// Fault injection at the storage boundary: a real Kestrel server on a loopback port that forwards every request to
/// Azurite's table endpoint unchanged, and holds back the ones <see cref="DelayWhen"/> picks for <see cref="Delay"/>
/// first (a slow insert on a busy storage account). Shared-key signatures do not cover the host, so they still verify.
/// </summary>
public sealed class DelayingStorageProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Transfer-Encoding", "Connection", "Keep-Alive" };

    private readonly WebApplication _app;
    private readonly HttpClient _forward = new();
    private int _delayed;

    private DelayingStorageProxy(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }
    public TimeSpan Delay { get; set; }
    public Func<HttpRequest, bool> DelayWhen { get; set; } = _ => false;
    /// <summary>Requests held back so far.</summary>
    public int Delayed => Volatile.Read(ref _delayed);

    /// <summary>A connection string that is <paramref name="connectionString"/> with its table endpoint through a new proxy.</summary>
    public static async Task<(DelayingStorageProxy Proxy, string ConnectionString)> ForTablesAsync(string connectionString)
    {
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
        var tables = new Uri(parts.Single(p => p[0] == "TableEndpoint")[1]);
        var proxy = await StartAsync(new Uri(tables.GetLeftPart(UriPartial.Authority)));
        var rewritten = string.Join(';', parts.Select(p => p[0] == "TableEndpoint" ? $"TableEndpoint={new Uri(proxy.Url, tables.AbsolutePath)}" : $"{p[0]}={p[1]}")) + ";";
        return (proxy, rewritten);
    }

    private static async Task<DelayingStorageProxy> StartAsync(Uri target)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.ToString());
        var app = builder.Build();
        var proxy = new DelayingStorageProxy(app, url);
        app.Run(context => proxy.ForwardAsync(context, target));
        await app.StartAsync();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context, Uri target)
    {
        var request = context.Request;
        if (DelayWhen(request))
        {
            Interlocked.Increment(ref _delayed);
            await Task.Delay(Delay);
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path + request.QueryString))
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, values) in request.Headers.Where(h => !HopByHop.Contains(h.Key)))
        {
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await _forward.SendAsync(message, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
            context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forward.Dispose();
    }
}
