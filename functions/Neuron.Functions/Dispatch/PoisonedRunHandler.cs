using Neuron.Functions.Runs;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The <c>FailPoisonedRun</c> function: a message that exhausted its dequeue count lands in <c>runs-poison</c>;
/// its run is failed with <c>internal_error</c> so that it does not stay non-final.
/// </summary>
public sealed class PoisonedRunHandler(RunStore store, RunFinisher finisher, TimeProvider time, ILogger<PoisonedRunHandler> logger)
{
    private const int MaxAttempts = 5;

    public async Task<bool> FailAsync(RunMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var run = await store.GetAsync(message.RunId, includeInputs: false, cancellationToken);
            if (run is null)
                return false;
            if (run.IsFinal)
            {
                await finisher.SettleAsync(run, cancellationToken); // settled already, unless its dispatcher died right after the final write
                return false;
            }
            var now = time.GetUtcNow();
            if (run.Status == RunStatus.Running && run.LeaseUntil > now)
                return false; // A live dispatcher (from a duplicate message) still owns it.
            var failed = RunTransitions.Fail(run, $"Dispatch failed {run.Attempts} time(s) and the message was poisoned: the runner stayed unavailable.", now);
            if (await store.TryReplaceAsync(failed, cancellationToken) is { } stored)
            {
                logger.LogError("Run {RunId} failed: its message was poisoned", run.Id);
                await finisher.FinishedAsync(stored, cancellationToken);
                return true;
            }
        }
        throw new InvalidOperationException($"Run {message.RunId} kept changing while being failed.");
    }
}
