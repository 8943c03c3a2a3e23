namespace Neuron.Functions.Runs;

/// <summary>
/// Long-polling (<c>?wait=N</c>): re-reads the run until it is final or the wait is over. A run finalised in this
/// process wakes the wait at once (<see cref="RunNotifier"/>); the re-reads catch runs finalised by another instance.
/// They back off from 25 ms to 250 ms, and further as more runs are waited for at once, so that this instance's
/// re-reads stay under about <see cref="MaxReadsPerSecond"/> however many clients long-poll, up to
/// <see cref="MaxMaxInterval"/> between two (a burst of a thousand waiters re-reading every 250 ms would starve
/// storage of the submissions and dispatches they wait for: at 400 reads/s they were 80 reads per run, most of the
/// burst's storage work). Only a run finalised by another instance waits for a re-read; one finalised here is woken.
/// </summary>
public sealed class RunWaiter(RunStore store, RunNotifier notifier, TimeProvider time)
{
    private const double MaxReadsPerSecond = 50;
    private static readonly TimeSpan MinMaxInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxMaxInterval = TimeSpan.FromSeconds(10);

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
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, MaxInterval(notifier.Waiting).Ticks));
            run = await store.GetAsync(run.Id, includeInputs: false, cancellationToken) ?? run;
        }
        return run;
    }

    /// <summary>The longest pause between re-reads when <paramref name="waiting"/> runs are waited for.</summary>
    public static TimeSpan MaxInterval(int waiting) =>
        TimeSpan.FromSeconds(Math.Clamp(waiting / MaxReadsPerSecond, MinMaxInterval.TotalSeconds, MaxMaxInterval.TotalSeconds));
}
