using Neuron.Functions.Runs;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The <c>FailPoisonedRun</c> function: a message that exhausted its dequeue count lands in <c>runs-poison</c>;
/// its run is failed with <c>internal_error</c> so that it does not stay non-final.
/// </summary>
public sealed class PoisonedRunHandler(RunStore store, RunLifecycle lifecycle)
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
                await lifecycle.SettleAsync(run, cancellationToken); // settled already, unless its dispatcher died right after the final write
                return false;
            }
            if (lifecycle.IsLeased(run))
                return false; // A live dispatcher (from a duplicate message) still owns it.
            var error = $"Dispatch failed {run.Attempts} time(s) and the message was poisoned: the runner stayed unavailable.";
            if (await lifecycle.TryFailAsync(run, error, cancellationToken) is not null)
                return true;
        }
        throw new InvalidOperationException($"Run {message.RunId} kept changing while being failed.");
    }
}
