namespace Neuron.Functions.Runs;

/// <summary>
/// Long-polling (<c>?wait=N</c>): re-reads the run until it is final or the wait is over. A run finalised in this
/// process wakes the wait at once (<see cref="RunNotifier"/>) with the final run in hand, and is not read again; the
/// re-reads catch runs finalised by another instance. Their pause doubles from 25 ms to 250 ms, and every pause is at
/// least this wait's share of about <see cref="MaxReadsPerSecond"/> re-reads a second for the instance (the number
/// of runs waited for here over that rate, up to <see cref="MaxMaxInterval"/>): however many clients long-poll, and
/// however many start at once, storage keeps its capacity for the submissions and dispatches they wait for. (With
/// only the longest pause bounded, a burst of a thousand waiters still re-read every 25, 50, 100 … ms together at
/// first: about nine reads a run, most of the burst's storage work.)
/// </summary>
public sealed class RunWaiter(RunStore store, RunNotifier notifier, TimeProvider time)
{
    private const double MaxReadsPerSecond = 50;
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MinMaxInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxMaxInterval = TimeSpan.FromSeconds(10);

    public async Task<RunRecord?> WaitForFinalAsync(RunRecord run, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(wait.TotalSeconds * time.TimestampFrequency);
        var interval = TimeSpan.Zero;
        while (!run.IsFinal)
        {
            var remaining = TimeSpan.FromSeconds((deadline - time.GetTimestamp()) / (double)time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
                break;
            var changed = notifier.WhenFinalAsync(run.Id);
            interval = NextInterval(interval, notifier.Waiting);
            RunRecord? final = null;
            try
            {
                final = await changed.WaitAsync(remaining < interval ? remaining : interval, cancellationToken);
            }
            catch (TimeoutException)
            {
            }
            finally
            {
                notifier.Forget(run.Id, changed);
            }
            run = final ?? await store.GetAsync(run.Id, includeInputs: false, cancellationToken) ?? run;
        }
        return run;
    }

    /// <summary>
    /// The pause before the next re-read when <paramref name="waiting"/> runs are waited for here: twice the
    /// <paramref name="last"/> (25 ms first), no longer than <see cref="MinMaxInterval"/> or the fair share, whichever
    /// is longer, and never shorter than the fair share (<paramref name="waiting"/> / <see cref="MaxReadsPerSecond"/>
    /// seconds, at most <see cref="MaxMaxInterval"/>).
    /// </summary>
    public static TimeSpan NextInterval(TimeSpan last, int waiting)
    {
        var share = TimeSpan.FromSeconds(Math.Min(waiting / MaxReadsPerSecond, MaxMaxInterval.TotalSeconds));
        var doubled = last == TimeSpan.Zero ? FirstInterval : last * 2;
        var longest = share > MinMaxInterval ? share : MinMaxInterval;
        return doubled < share ? share : doubled > longest ? longest : doubled;
    }
}
