using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// The delivery of a run's callback as pure steps; <see cref="WebhookDeliverer"/> carries them out and
/// <see cref="RunLifecycle.TryRecordCallbackAsync"/> stores each under the run's ETag. Message <c>n</c> makes attempt
/// <c>n</c>: it claims the attempt (attempts = n, leased), so of two messages for one attempt only one delivers; the
/// outcome clears the lease and either ends the delivery or schedules message <c>n + 1</c> after the backoff. A lease
/// that runs out without an outcome means the deliverer died: its message, back in the queue, makes the attempt again.
/// </summary>
public static class WebhookTransitions
{
    /// <summary>How long an attempt is leased beyond its own bound (<see cref="WebhooksOptions.Timeout"/>) before it is presumed lost.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromSeconds(30);

    public static WebhookStep Decide(RunCallback? callback, int attempt, DateTimeOffset now, WebhooksOptions options)
    {
        if (callback is null)
            return new WebhookStep.Drop("the run has no callback");
        if (callback.IsFinal())
            return new WebhookStep.Drop($"the delivery is {callback.State} already");
        var lease = now + options.Timeout + LeaseMargin;
        if (callback.Attempts == attempt - 1 && callback.LeaseUntil is null)
            return new WebhookStep.Attempt(callback with { Attempts = attempt, LastAttemptAt = now, NextAttemptAt = null, LeaseUntil = lease });
        if (callback.Attempts != attempt)
            return new WebhookStep.Drop($"attempt {callback.Attempts} is the current one, not {attempt}");
        if (callback.LeaseUntil is null)
            return new WebhookStep.Reschedule(attempt + 1, callback.NextAttemptAt is { } next && next > now ? next - now : TimeSpan.Zero);
        if (callback.LeaseUntil <= now)
            return new WebhookStep.Attempt(callback with { LastAttemptAt = now, LeaseUntil = lease });
        return new WebhookStep.Defer(callback.LeaseUntil.Value - now + TimeSpan.FromSeconds(1));
    }

    /// <summary>The state after the attempt <paramref name="claimed"/> made ended as <paramref name="result"/>.</summary>
    public static RunCallback Outcome(RunCallback claimed, WebhookAttempt result, DateTimeOffset now, WebhooksOptions options)
    {
        var after = claimed with { LastStatus = result.Status, LastError = result.Error, LeaseUntil = null, NextAttemptAt = null };
        if (result.Succeeded)
            return after with { State = RunCallback.Delivered, DeliveredAt = now };
        if (result.Refused || claimed.Attempts >= options.MaxAttempts)
            return after with { State = RunCallback.Failed };
        return after with { NextAttemptAt = now + options.RetryDelay(claimed.Attempts) };
    }

    /// <summary>A delivery that could not be carried out at all (its message was poisoned): failed, with why.</summary>
    public static RunCallback Abandoned(RunCallback callback, string error) =>
        callback with { State = RunCallback.Failed, LastError = error, LeaseUntil = null, NextAttemptAt = null };
}
