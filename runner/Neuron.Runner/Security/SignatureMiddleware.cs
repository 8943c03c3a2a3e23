using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Security;

/// <summary>
/// Rejects any /v1 request without a fresh, valid HMAC signature (401 problem+json). The verified body is
/// handed on as a <see cref="SignedBody"/> feature, so handlers parse exactly the bytes that were signed.
/// </summary>
public sealed class SignatureMiddleware(RequestDelegate next, IOptions<RunnerOptions> options, TimeProvider time, ILogger<SignatureMiddleware> logger)
{
    private const int MaxBodyBytes = 8 * 1024 * 1024;
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.Secret);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Results.Problem(statusCode: 413, title: "Request too large", detail: $"the body may be at most {MaxBodyBytes} bytes").ExecuteAsync(context);
            return;
        }
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var check = RequestSignature.Verify(_secret,
            context.Request.Headers[RequestSignature.TimestampHeader],
            context.Request.Headers[RequestSignature.SignatureHeader],
            body, time.GetUtcNow());
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Rejected {Method} {Path}: signature {Check}", context.Request.Method, context.Request.Path, check);
            var detail = check switch
            {
                SignatureCheck.Missing => $"sign the request: {RequestSignature.TimestampHeader} and {RequestSignature.SignatureHeader} are required",
                SignatureCheck.Stale => "the signature's timestamp is too old or too far in the future",
                _ => "the signature does not match the request",
            };
            await Results.Problem(statusCode: 401, title: "Unauthorized", detail: detail).ExecuteAsync(context);
            return;
        }
        context.Features.Set(new SignedBody(body));
        await next(context);
    }
}
