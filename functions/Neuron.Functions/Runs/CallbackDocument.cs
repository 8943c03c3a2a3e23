namespace Neuron.Functions.Runs;

/// <summary>What a run document shows of its callback (<c>webhook</c>): the delivery's state, never how it is signed.</summary>
public sealed record CallbackDocument(
    string Url,
    string State,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt)
{
    public static CallbackDocument From(RunCallback callback) => new(callback.Url, callback.State, callback.Attempts, callback.LastAttemptAt,
        callback.LastStatus, callback.LastError, callback.NextAttemptAt, callback.DeliveredAt);
}
