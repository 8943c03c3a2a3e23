using System.Text;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    /// <summary>
    /// Computed outside .NET: <c>printf '1767225600.{"id":"0193a5b2c4d87e6f9a0b1c2d3e4f5a6b","status":"completed"}' |
    /// openssl dgst -sha256 -hmac 'whsec_0123456789ABCDEFGHIJKLMNOPQRSTUV' -hex</c>.
    /// </summary>
    private const string KnownVector = "3ed11301cfea4e50dd38b79d2f6238de23550fa3d4553a6be006d0e8a0d3341b";

    private const string Secret = "whsec_0123456789ABCDEFGHIJKLMNOPQRSTUV";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"0193a5b2c4d87e6f9a0b1c2d3e4f5a6b","status":"completed"}""");
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Sign_IsTheHexHmacSha256OfTimestampDotBody_AsOpensslComputesIt() =>
        Assert.Equal($"t=1767225600,v1={KnownVector}", WebhookSignature.Sign(Secret, At, Body));

    [Fact]
    public void Sign_ChangesWithTheBodyTheTimestampAndTheSecret()
    {
        var signature = WebhookSignature.Sign(Secret, At, Body);

        Assert.NotEqual(signature, WebhookSignature.Sign(Secret, At, [.. Body, (byte)' ']));
        Assert.NotEqual(signature, WebhookSignature.Sign(Secret, At.AddSeconds(1), Body));
        Assert.NotEqual(signature, WebhookSignature.Sign(Secret + "x", At, Body));
    }
}
