using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>What a delivery message leads to (<see cref="WebhookTransitions.Decide"/>).</summary>
public abstract record WebhookStep
{
    /// <summary>Make the attempt: store <paramref name="Claimed"/> (the attempt, leased) under the run's ETag first.</summary>
    public sealed record Attempt(RunCallback Claimed) : WebhookStep;

    /// <summary>The message has nothing left to do (delivery over, or another message's attempt).</summary>
    public sealed record Drop(string Why) : WebhookStep;

    /// <summary>Its attempt is being made elsewhere: look again once that attempt's lease is over.</summary>
    public sealed record Defer(TimeSpan Delay) : WebhookStep;

    /// <summary>Its attempt's outcome is stored but the next attempt's message may never have been sent: send it.</summary>
    public sealed record Reschedule(int NextAttempt, TimeSpan Delay) : WebhookStep;
}
