namespace Neuron.Runner.Contracts;

/// <summary>
/// Signs every outgoing request to the runner with <see cref="RequestSignature"/>, and sends exactly the bytes it
/// signed (with a Content-Length), whatever kind of content the caller built.
/// </summary>
public sealed class SigningHandler(byte[] secret, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (request.Content is not null and not ByteArrayContent)
        {
            var signed = new ByteArrayContent(body);
            foreach (var header in request.Content.Headers.Where(h => h.Key != "Content-Length"))
                signed.Headers.TryAddWithoutValidation(header.Key, header.Value);
            request.Content = signed;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Remove(RequestSignature.TimestampHeader);
        request.Headers.Remove(RequestSignature.SignatureHeader);
        request.Headers.Add(RequestSignature.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(RequestSignature.SignatureHeader, RequestSignature.Sign(secret, now, body));
        return await base.SendAsync(request, cancellationToken);
    }
}
