namespace Neuron.Runner.Contracts;

/// <summary>Signs every outgoing request to the runner with <see cref="RequestSignature"/>.</summary>
public sealed class SigningHandler(byte[] secret, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Remove(RequestSignature.TimestampHeader);
        request.Headers.Remove(RequestSignature.SignatureHeader);
        request.Headers.Add(RequestSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(RequestSignature.SignatureHeader, RequestSignature.Sign(secret, now, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
