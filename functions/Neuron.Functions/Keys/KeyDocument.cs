using System.Text.Json.Serialization;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Keys;

/// <summary>
/// What the admin API shows of a key. <see cref="Key"/>, the plaintext, only in the answer that created it;
/// <see cref="WebhookSecret"/> only in that answer and in the one that replaced it.
/// </summary>
public sealed record KeyDocument(
    string Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key,
    string Kind,
    string Name,
    IReadOnlyList<string> Origins,
    int PermitsPerMinute,
    int Burst,
    int DailyRunQuota,
    RunLimits MaxLimits,
    int MaxInFlight,
    long? FreeMicroCredits,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebhookSecret,
    DateTimeOffset? WebhookSecretCreatedAt)
{
    public static KeyDocument From(ApiKey key, string? plaintext = null, string? webhookSecret = null) => new(
        key.Id, plaintext, key.Kind, key.Name, key.Origins, key.PermitsPerMinute, key.Burst, key.DailyRunQuota, key.MaxLimits, key.MaxInFlight, key.FreeMicroCredits, key.CreatedAt, key.RevokedAt,
        webhookSecret, key.WebhookSecretCreatedAt);
}
