using Neuron.Functions.Quotas;
using Neuron.Functions.Runs;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// What follows a run's final write, in one place for the dispatcher, the sweeper and the poison handler: waiters are
/// woken, the key's in-flight place is given back and the run is metered. Settling is idempotent (both steps are
/// exactly-once), so a retried message of an already final run settles it again to make up for a dispatcher that
/// died between the final write and the settlement.
/// </summary>
public sealed class RunFinisher(RunNotifier notifier, InFlightRuns inFlight, UsageMeter usage)
{
    /// <summary>After this instance wrote <paramref name="run"/>'s final state.</summary>
    public Task FinishedAsync(RunRecord run, CancellationToken cancellationToken)
    {
        notifier.Notify(run.Id);
        return SettleAsync(run, cancellationToken);
    }

    /// <summary>For a run found final (by anyone): its place and its usage, each counted once however often this runs.</summary>
    public async Task SettleAsync(RunRecord run, CancellationToken cancellationToken)
    {
        if (!run.IsFinal || run.KeyId is null)
            return;
        await inFlight.ReleaseAsync(run.KeyId, run.Id, cancellationToken);
        await usage.RecordAsync(run, cancellationToken);
    }
}
