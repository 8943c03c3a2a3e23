using System.ComponentModel.DataAnnotations;

namespace Neuron.Functions.Keys;

/// <summary>API keys (section <c>Keys</c>).</summary>
public sealed class KeysOptions
{
    public const string Section = "Keys";

    public const int MinAdminKeyLength = 32;

    /// <summary>Opens the admin endpoints (<c>/api/admin/keys</c>); without it (unset or empty) they answer 404. At least 32 characters.</summary>
    public string? AdminKey { get; set; }

    public bool AdminKeyIsValid => string.IsNullOrEmpty(AdminKey) || AdminKey.Length >= MinAdminKeyLength;

    /// <summary>
    /// The service's public origin (<c>https://neuron.example</c>) when browsers reach it through a proxy or TLS front
    /// end, so that the request's own <c>scheme://host</c> is not what they see. A same-origin <c>GET</c> without
    /// <c>Origin</c> whose <c>Referer</c> is on this origin (or on the request's own) counts as coming from it.
    /// </summary>
    public string? PublicOrigin { get; set; }

    public bool PublicOriginIsValid => string.IsNullOrEmpty(PublicOrigin) || Origins.Normalize(PublicOrigin) is not null;

    /// <summary>A new key's daily run quota when its creation request names none.</summary>
    [Range(1, 100_000_000)]
    public int DefaultDailyRunQuota { get; set; } = 1000;

    public const int MaxInFlightCeiling = 10_000;

    /// <summary>A new key's limit of runs in flight when its creation request names none.</summary>
    [Range(1, MaxInFlightCeiling)]
    public int DefaultMaxInFlight { get; set; } = ApiKey.DefaultMaxInFlight;
}
