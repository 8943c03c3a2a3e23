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

    /// <summary>A new key's daily run quota when its creation request names none.</summary>
    [Range(1, 100_000_000)]
    public int DefaultDailyRunQuota { get; set; } = 1000;

    public const int MaxInFlightCeiling = 10_000;

    /// <summary>A new key's limit of runs in flight when its creation request names none.</summary>
    [Range(1, MaxInFlightCeiling)]
    public int DefaultMaxInFlight { get; set; } = ApiKey.DefaultMaxInFlight;
}
