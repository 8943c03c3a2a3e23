using Neuron.Functions.RateLimiting;

namespace Neuron.Functions.Callers;

/// <summary>
/// Who is calling: <see cref="Kind"/> <c>key</c> (an API key, identified by a hash, never the key itself) or <c>ip</c>.
/// <see cref="RateLimit"/> overrides the default policy (per-key limits come with API keys).
/// </summary>
public sealed record CallerIdentity(string Kind, string Id, RateLimitPolicy? RateLimit = null)
{
    public const string KeyKind = "key";
    public const string IpKind = "ip";

    /// <summary>A table-key-safe name, used for rate-limit buckets and idempotency scopes.</summary>
    public string Key => Kind + "_" + string.Concat(Id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' ? c : '_'));
}
