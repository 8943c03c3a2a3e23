using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>
/// An API key as stored: everything but the key itself, which exists only as its SHA-256 <see cref="Hash"/>.
/// <see cref="Id"/> (<c>key_…</c>) is what listings, usage, logs and run rows name.
/// </summary>
public sealed record ApiKey
{
    /// <summary>
    /// Below the dispatcher's batch threshold (host.json <c>newBatchThreshold</c>, 8), so one key's runs can never
    /// occupy every dispatch of an instance and keep other keys' messages waiting in the queue behind them.
    /// </summary>
    public const int DefaultMaxInFlight = 8;

    public required string Id { get; init; }
    public required string Hash { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Origins { get; init; } = [];
    public required int PermitsPerMinute { get; init; }
    public required int Burst { get; init; }
    public required int DailyRunQuota { get; init; }
    /// <summary>Runs of this key that may be queued or running at once (<see cref="Quotas.InFlightRuns"/>).</summary>
    public int MaxInFlight { get; init; } = DefaultMaxInFlight;
    /// <summary>Caps on the limits a caller may request (and on the language defaults); null fields cap nothing.</summary>
    public RunLimits MaxLimits { get; init; } = new();
    /// <summary>The credits (micro-credits) the key's account opens with; null: the configured free credits (<c>Billing:FreeMicroCredits</c>).</summary>
    public long? FreeMicroCredits { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    /// <summary>When the key's webhook secret was made (with the key, or by a rotation); null for a key that has none. The secret itself is read only to sign (<see cref="ApiKeyStore.GetWebhookSecretAsync"/>).</summary>
    public DateTimeOffset? WebhookSecretCreatedAt { get; init; }

    public bool IsRevoked => RevokedAt is not null;
    public bool IsPublishable => Kind == ApiKeyKinds.Publishable;
}
