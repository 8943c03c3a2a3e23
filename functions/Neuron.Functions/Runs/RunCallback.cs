namespace Neuron.Functions.Runs;

/// <summary>
/// A run's <c>callbackUrl</c> and how far the delivery of its final document got: <see cref="Pending"/> until a
/// receiver answered 2xx (<see cref="Delivered"/>) or the last attempt failed (<see cref="Failed"/>). Stored in the
/// run's row (one JSON column) and shown as the run document's <c>webhook</c> (<see cref="CallbackDocument"/>); the delivery (<c>Webhooks/</c>) decides each step and
/// <see cref="RunLifecycle"/> stores it.
/// </summary>
public sealed record RunCallback
{
    /// <summary>The native payload: a POST of the run document.</summary>
    public const string NativeFormat = "neuron";

    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    public required string Url { get; init; }
    public required string State { get; init; }
    /// <summary>Attempts started so far.</summary>
    public int Attempts { get; init; }
    public DateTimeOffset? LastAttemptAt { get; init; }
    /// <summary>The HTTP status of the last answer, if the receiver answered at all.</summary>
    public int? LastStatus { get; init; }
    /// <summary>Why the last attempt failed, when it did (timeout, connection refused, refused target, non-2xx).</summary>
    public string? LastError { get; init; }
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset? DeliveredAt { get; init; }

    /// <summary>Which <c>IWebhookPayload</c> renders the delivery (<see cref="NativeFormat"/>, or a compatible API's).</summary>
    public string Format { get; init; } = NativeFormat;

    /// <summary>While an attempt is being made: past this instant it is presumed lost with its deliverer, and made again.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public bool IsFinal() => State != Pending;

    /// <summary>The callback of a new run: nothing attempted yet.</summary>
    public static RunCallback For(string url, string format) => new() { Url = url, State = Pending, Format = format };
}
