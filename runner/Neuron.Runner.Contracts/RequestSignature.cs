using System.Security.Cryptography;
using System.Text;

namespace Neuron.Runner.Contracts;

/// <summary>
/// HMAC-SHA256 over "{unix seconds}.{body}" under a shared secret. The timestamp bounds replay;
/// the comparison is constant-time.
/// </summary>
public static class RequestSignature
{
    public const string TimestampHeader = "X-Neuron-Timestamp";
    public const string SignatureHeader = "X-Neuron-Signature";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static string Sign(byte[] secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return "sha256=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    public static SignatureCheck Verify(byte[] secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SignatureCheck.Missing;
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return SignatureCheck.Invalid;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > MaxSkew)
            return SignatureCheck.Stale;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }
}

public enum SignatureCheck { Valid, Missing, Invalid, Stale }
