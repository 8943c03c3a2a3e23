using Microsoft.Extensions.Options;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The <c>SweepRuns</c> timer function: finds runs stuck in <c>running</c> past their lease (dispatcher died) or in
/// <c>queued</c> past <see cref="DispatchOptions.QueuedGraceSeconds"/> while the queue is empty or past
/// <see cref="DispatchOptions.QueuedTimeoutSeconds"/> behind a backlog (message lost), and queues them again up to
/// <see cref="DispatchOptions.MaxRequeues"/> times, then fails them with <c>internal_error</c>. Every transition is
/// ETag-guarded (<see cref="RunLifecycle"/>), so a sweeper racing a live dispatcher changes nothing.
/// </summary>
public sealed class RunSweeper(RunStore store, RunQueue queue, RunLifecycle lifecycle, TimeProvider time,
    IOptions<DispatchOptions> options)
{
    public sealed record Report(int Requeued, int Failed);

    public async Task<Report> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        int requeued = 0, failed = 0;
        var stuck = store.QueryStaleAsync(RunStatus.Running, nameof(RunRecord.LeaseUntil), now, cancellationToken);
        // With an empty queue a queued run has certainly lost its message, so it is recovered within seconds; with a
        // backlog only a run queued for much longer is presumed lost (a requeue is harmless either way: claims are
        // ETag-guarded, a duplicate message runs nothing twice).
        var patience = await queue.IsEmptyAsync(cancellationToken) ? o.QueuedGraceSeconds : o.QueuedTimeoutSeconds;
        var lost = store.QueryStaleAsync(RunStatus.Queued, nameof(RunRecord.QueuedAt), now - TimeSpan.FromSeconds(patience), cancellationToken);
        foreach (var source in new[] { stuck, lost })
        {
            await foreach (var run in source)
            {
                if (run.Requeues < o.MaxRequeues)
                {
                    if (await lifecycle.TryRequeueAsync(run, cancellationToken))
                        requeued++;
                }
                else if (await lifecycle.TryFailAsync(run, $"The run stayed {run.Status} too long after {run.Requeues} requeue(s).", cancellationToken) is not null)
                {
                    failed++;
                }
            }
        }
        return new Report(requeued, failed);
    }
}
