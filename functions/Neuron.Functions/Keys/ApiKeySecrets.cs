using System.Security.Cryptography;
using System.Text;

namespace Neuron.Functions.Keys;

/// <summary>
/// The one place keys, key ids and webhook secrets are made, and keys hashed. A key is its kind's prefix and 32 base62 characters
/// (190 bits from <see cref="RandomNumberGenerator"/>); an id is <c>key_</c> and 16 base62 characters. Only the
/// SHA-256 of a key is ever stored (a key this random needs no salt or slow hash: nothing short of the key finds it).
/// </summary>
public static class ApiKeySecrets
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int KeyRandomLength = 32;
    public const string IdPrefix = "key_";
    public const int IdRandomLength = 16;

    public static string NewKey(string kind) => ApiKeyKinds.Prefix(kind) + RandomNumberGenerator.GetString(Base62, KeyRandomLength);

    public const string WebhookSecretPrefix = "whsec_";

    /// <summary>A key's webhook signing secret: <c>whsec_</c> and 32 base62 characters (190 bits).</summary>
    public static string NewWebhookSecret() => WebhookSecretPrefix + RandomNumberGenerator.GetString(Base62, KeyRandomLength);

    public static string NewId() => IdPrefix + RandomNumberGenerator.GetString(Base62, IdRandomLength);

    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 bytes.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Has the shape of a key this app issues (checked before any storage read).</summary>
    public static bool LooksLikeKey(string presented) =>
        presented.Length == 3 + KeyRandomLength
        && (presented.StartsWith("sk_", StringComparison.Ordinal) || presented.StartsWith("pk_", StringComparison.Ordinal))
        && presented.AsSpan(3).IndexOfAnyExcept(Base62) < 0;

    public static bool IsValidId(string id) =>
        id.Length == IdPrefix.Length + IdRandomLength && id.StartsWith(IdPrefix, StringComparison.Ordinal) && id.AsSpan(IdPrefix.Length).IndexOfAnyExcept(Base62) < 0;

    /// <summary>Constant-time comparison (of hashes, so that the lengths never leak either).</summary>
    public static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
