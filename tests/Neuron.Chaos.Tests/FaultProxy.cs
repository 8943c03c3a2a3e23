using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Neuron.Chaos.Tests;

/// <summary>
/// A loopback HTTP proxy between the Functions app and the runner that can turn the runner faulty: in
/// <see cref="ProxyMode.Fail500"/> and <see cref="ProxyMode.Hang"/> it still delivers each request (so the runner executes
/// the run) but answers 500, or nothing until the caller gives up: the worst case for running a run twice.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _runner;
    private volatile ProxyMode _mode = ProxyMode.Pass;

    private FaultProxy(WebApplication app, HttpClient runner, Uri url)
    {
        _app = app;
        _runner = runner;
        Url = url;
    }

    public Uri Url { get; }

    public ProxyMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public static FaultProxy Start(Uri runner)
    {
        var url = new Uri($"http://127.0.0.1:{Neuron.Testing.FreePort.Next()}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url.ToString());
        var app = builder.Build();
        var proxy = new FaultProxy(app, new HttpClient { BaseAddress = runner, Timeout = Timeout.InfiniteTimeSpan }, url);
        app.Run(proxy.ForwardAsync);
        app.StartAsync().GetAwaiter().GetResult();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            request.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHop.Contains(name))
                continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        // The runner gets the request whatever the mode; only its answer is lost.
        HttpResponseMessage response;
        try
        {
            response = await _runner.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
        }
        catch (HttpRequestException)
        {
            // The runner is down: as the app would see without the proxy, the run did not start.
            context.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            return;
        }
        using var _ = response;
        // The mode when the runner's answer comes back decides its fate: requests sent before the fault began lose
        // their answer too, as they would if the runner failed then.
        var mode = _mode;
        if (mode == ProxyMode.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            context.Abort();
            return;
        }
        if (mode == ProxyMode.Fail500)
        {
            context.Response.StatusCode = (int)HttpStatusCode.InternalServerError;
            return;
        }
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!HopByHop.Contains(name))
                context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _runner.Dispose();
    }
}

public enum ProxyMode
{
    Pass,
    Fail500,
    Hang,
}
