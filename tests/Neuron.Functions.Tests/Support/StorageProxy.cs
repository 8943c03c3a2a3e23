using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// Fault injection at the storage boundary: a reverse proxy (a real Kestrel server on a loopback port) in front of
/// Azurite's table endpoint. It forwards every request as it is (shared-key signatures cover the path, not the host);
/// a request that <see cref="Intercept"/> picks reaches Azurite only after <see cref="BeforeForwarding"/> returns (a
/// slow write), and its answer goes back only after <see cref="AfterForwarding"/> returns: the moment "storage wrote
/// it, the app does not know yet".
/// </summary>
public sealed partial class StorageProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect" };

    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Uri _target;

    private StorageProxy(WebApplication app, Uri target, int port)
    {
        _app = app;
        _target = target;
        Port = port;
    }

    public int Port { get; }

    public Func<HttpRequest, bool>? Intercept { get; set; }

    /// <summary>Runs before an intercepted request is sent on to Azurite; its token fires when the app gives up on the request.</summary>
    public Func<CancellationToken, Task>? BeforeForwarding { get; set; }

    /// <summary>Runs after an intercepted request was answered by Azurite; its token fires when the app gives up on the request.</summary>
    public Func<CancellationToken, Task>? AfterForwarding { get; set; }

    /// <summary>A proxy for the table endpoint of <paramref name="connectionString"/>, and that connection string with its tables through the proxy.</summary>
    public static async Task<(StorageProxy Proxy, string ConnectionString)> ForTablesAsync(string connectionString)
    {
        var endpoint = TableEndpoint().Match(connectionString);
        var target = new Uri(endpoint.Groups["authority"].Value);
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var proxy = new StorageProxy(builder.Build(), target, port);
        proxy._app.Run(proxy.ForwardAsync);
        await proxy._app.StartAsync();
        return (proxy, TableEndpoint().Replace(connectionString, $"TableEndpoint=http://127.0.0.1:{port}${{path}}"));
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var intercepted = Intercept?.Invoke(incoming) == true;
        if (intercepted && BeforeForwarding is { } before)
            await before(context.RequestAborted);
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_target, incoming.Path + incoming.QueryString));
        if (body.Length > 0 || incoming.ContentType is not null)
            request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in incoming.Headers)
        {
            if (HopHeaders.Contains(name))
                continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (intercepted && AfterForwarding is { } after)
            await after(context.RequestAborted);
        if (context.RequestAborted.IsCancellationRequested)
            return;
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
                context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }

    [GeneratedRegex("TableEndpoint=(?<authority>https?://[^/;]+)(?<path>[^;]*)")]
    private static partial Regex TableEndpoint();
}
