using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// <c>Neuron-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>: the HMAC, keyed with the UTF-8 bytes of
/// the key's webhook secret (<c>whsec_…</c>, the whole string), of <c>"&lt;t&gt;." + body</c>, in lowercase hex. A receiver
/// recomputes it over the raw body it got, compares in constant time and refuses an old <c>t</c> (replays); README
/// § Webhooks has the recipe.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Neuron-Signature";

    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var prefix = Encoding.ASCII.GetBytes(t + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
