using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Neuron.Functions.Keys;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// The <c>DeliverWebhook</c> function's work: one attempt to deliver a final run to its callback
/// (<see cref="WebhookTransitions"/> decides, <see cref="RunLifecycle"/> stores). The payload is rendered by the run's
/// format (<see cref="IWebhookPayload"/>), signed with its key's webhook secret (<see cref="WebhookSignature"/>) and sent
/// through <see cref="WebhookHttpClient"/>; a failure schedules the next attempt on the queue after the backoff.
/// </summary>
public sealed class WebhookDeliverer(
    RunStore store, RunLifecycle lifecycle, ApiKeyStore keys, WebhookQueue queue, WebhookHttpClient http, IServiceProvider services,
    IOptions<WebhooksOptions> options, TimeProvider time, ILogger<WebhookDeliverer> logger)
{
    public const string IdHeader = "Neuron-Webhook-Id";
    public const string AttemptHeader = "Neuron-Webhook-Attempt";
    private const int MaxRaces = 5;

    public async Task DeliverAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        for (var race = 0; race < MaxRaces; race++)
        {
            var run = await store.GetAsync(message.RunId, includeInputs: false, cancellationToken);
            if (run is null)
            {
                logger.LogWarning("Run {RunId} not found; dropping its webhook message", message.RunId);
                return;
            }
            switch (WebhookTransitions.Decide(run.Callback, message.Attempt, time.GetUtcNow(), o))
            {
                case WebhookStep.Drop drop:
                    logger.LogDebug("Run {RunId} webhook message {Attempt} dropped: {Why}", run.Id, message.Attempt, drop.Why);
                    return;
                case WebhookStep.Defer defer:
                    await queue.ScheduleAsync(run.Id, message.Attempt, defer.Delay, cancellationToken);
                    return;
                case WebhookStep.Reschedule reschedule:
                    await queue.ScheduleAsync(run.Id, reschedule.NextAttempt, reschedule.Delay, cancellationToken);
                    return;
                case WebhookStep.Attempt attempt:
                    var claimed = await lifecycle.TryRecordCallbackAsync(run, attempt.Claimed, cancellationToken);
                    if (claimed is null)
                        continue; // changed meanwhile: decide again on what is stored now
                    await AttemptAsync(claimed, cancellationToken);
                    return;
            }
        }
        throw new InvalidOperationException($"Run {message.RunId}: its webhook state kept changing.");
    }

    /// <summary>A poisoned message's delivery: failed, unless it is over already.</summary>
    public async Task AbandonAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var run = await store.GetAsync(message.RunId, includeInputs: false, cancellationToken);
            if (run?.Callback is not { } callback || callback.IsFinal())
                return;
            var error = $"attempt {message.Attempt} could not be processed (its queue message was poisoned)";
            if (await lifecycle.TryRecordCallbackAsync(run, WebhookTransitions.Abandoned(callback, error), cancellationToken) is not null)
                return;
        }
        throw new InvalidOperationException($"Run {message.RunId}: its webhook state kept changing.");
    }

    private async Task AttemptAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var callback = run.Callback!;
        var result = await SendAsync(run, callback, cancellationToken);
        var next = WebhookTransitions.Outcome(callback, result, time.GetUtcNow(), options.Value);
        // The outcome is stored whatever happens to the invocation meanwhile: an attempt made and not recorded is made again.
        if (await lifecycle.TryRecordCallbackAsync(run, next, CancellationToken.None) is null)
            return; // its lease ran out and another deliverer took the attempt over
        if (!next.IsFinal())
            await queue.ScheduleAsync(run.Id, next.Attempts + 1, next.NextAttemptAt!.Value - time.GetUtcNow(), CancellationToken.None);
    }

    private async Task<WebhookAttempt> SendAsync(RunRecord run, RunCallback callback, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IWebhookPayload>(callback.Format) is not { } payload)
            return new WebhookAttempt(null, $"no payload format '{callback.Format}'", Refused: true);
        var secret = run.KeyId is null ? null : await keys.GetWebhookSecretAsync(run.KeyId, cancellationToken);
        if (secret is null)
            return new WebhookAttempt(null, "the run's key has no webhook secret", Refused: true);
        var body = payload.Serialize(run);
        using var request = new HttpRequestMessage(payload.Method, callback.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(secret, time.GetUtcNow(), body));
        request.Headers.TryAddWithoutValidation(IdHeader, run.Id);
        request.Headers.TryAddWithoutValidation(AttemptHeader, callback.Attempts.ToString(CultureInfo.InvariantCulture));
        request.Headers.UserAgent.ParseAdd("Neuron-Webhooks/1");
        return await http.SendAsync(request, cancellationToken);
    }
}
