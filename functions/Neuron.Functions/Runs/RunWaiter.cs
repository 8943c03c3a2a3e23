namespace Neuron.Functions.Runs;

/// <summary>
/// Long-polling (<c>?wait=N</c>): re-reads the run until it is final or the wait is over. A run finalised in this
/// process wakes the wait at once (<see cref="RunNotifier"/>); otherwise reads back off from 25 ms to 250 ms.
/// </summary>
public sealed class RunWaiter(RunStore store, RunNotifier notifier, TimeProvider time)
{
    private static readonly TimeSpan MaxInterval = TimeSpan.FromMilliseconds(250);

    public async Task<RunRecord?> WaitForFinalAsync(RunRecord run, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        var interval = TimeSpan.FromMilliseconds(25);
        while (!run.IsFinal)
        {
            var remaining = TimeSpan.FromSeconds((deadline - time.GetTimestamp()) / (double)time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
                break;
            var changed = notifier.WhenChangedAsync(run.Id);
            try
            {
                await changed.WaitAsync(remaining < interval ? remaining : interval, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                notifier.Forget(run.Id, changed);
            }
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval.Ticks));
            run = await store.GetAsync(run.Id, includeInputs: false, cancellationToken) ?? run;
        }
        return run;
    }
}
