using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// A customer's webhook endpoint: a real Kestrel server on a loopback port that records every delivery and answers
/// with the status <see cref="Answer"/> gives for it (by 1-based arrival number). It verifies signatures the way
/// README § Webhooks tells receivers to, independently of the app's own code.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Delivery> _deliveries = new();

    public sealed record Delivery(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, int AnsweredWith);

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }
    public string Url(string host = "127.0.0.1") => $"http://{host}:{Port}/hooks/neuron?token=t1";
    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    /// <summary>The status for the n-th delivery (1-based); 200 unless set.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}/");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            int status;
            lock (receiver._deliveries)
            {
                status = receiver.Answer(receiver._deliveries.Count + 1);
                receiver._deliveries.Enqueue(new Delivery(context.Request.Method, context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray(), status));
            }
            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The receiver's check: <c>t=…,v1=…</c> where v1 is hex HMAC-SHA256(secret, "t." + body), in constant time.</summary>
    public static bool Verifies(Delivery delivery, string secret)
    {
        if (!delivery.Headers.TryGetValue("Neuron-Signature", out var header))
            return false;
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToLookup(p => p[0], p => p[1]);
        var t = parts["t"].SingleOrDefault();
        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
            return false;
        byte[] signed = [.. Encoding.UTF8.GetBytes(t + "."), .. delivery.Body];
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return parts["v1"].Any(v => v.Length == 64 && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(v), expected));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
