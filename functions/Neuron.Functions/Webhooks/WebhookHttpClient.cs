using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// Sends webhook requests, and only to public addresses: the receiver's name is resolved here, every address it
/// resolves to is checked (<see cref="WebhookAddresses"/>) and the connection goes to a checked address
/// (<see cref="SocketsHttpHandler.ConnectCallback"/>), so a DNS answer that changes between check and connect
/// (rebinding) cannot point it elsewhere. No proxy, no redirects (a 3xx is a failed attempt), no cookies; bounded
/// connect and overall time, response headers capped, and the body never read.
/// </summary>
public sealed class WebhookHttpClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly WebhooksOptions _options;

    public WebhookHttpClient(IOptions<WebhooksOptions> options)
    {
        _options = options.Value;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = _options.ConnectTimeout,
            MaxResponseHeadersLength = 16, // KiB
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = ConnectAsync,
        };
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // bounded per attempt
    }

    public async Task<WebhookAttempt> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            return new WebhookAttempt(status, status is >= 200 and < 300 ? null : $"the receiver answered {status}");
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refused)
        {
            return new WebhookAttempt(null, refused.Message, Refused: true);
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(null, e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(null, $"no answer within {_options.Timeout.TotalSeconds:0.#} s");
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0)
            throw new WebhookTargetRefusedException($"{host} resolves to no address.");
        // One refused address refuses the name: a receiver has no business resolving into a private network.
        foreach (var address in addresses)
        {
            if (WebhookAddresses.Refusal(address, _options.AllowLoopback) is { } refusal)
                throw new WebhookTargetRefusedException(literal is null ? $"{host} resolves to {address}, {refusal}." : $"{address} is {refusal}.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static WebhookTargetRefusedException? Refusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refused)
                return refused;
        }
        return null;
    }

    public void Dispose() => _http.Dispose();
}
