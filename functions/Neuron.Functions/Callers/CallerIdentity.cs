using Neuron.Functions.Keys;
using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Callers;

/// <summary>
/// Who is calling: an API key, named by its public <see cref="Id"/> (<c>key_…</c>), never by the key itself.
/// <see cref="RateLimit"/> is the key's own policy; <see cref="ApiKey"/> its stored record (quota, maximum limits).
/// </summary>
public sealed record CallerIdentity(string Kind, string Id, RateLimitPolicy? RateLimit = null, ApiKey? ApiKey = null)
{
    public const string KeyKind = "key";

    /// <summary>A table-key-safe name, used for rate-limit buckets and idempotency scopes.</summary>
    public string Key => Kind + "_" + string.Concat(Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' ? c : '_'));

    public static CallerIdentity Of(ApiKey key) => new(KeyKind, key.Id, new RateLimitPolicy(key.PermitsPerMinute, key.Burst), key);
}
