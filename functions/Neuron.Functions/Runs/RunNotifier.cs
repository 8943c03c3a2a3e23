using System.Collections.Concurrent;

namespace Neuron.Functions.Runs;

/// <summary>
/// Wakes long-polls in this process as soon as a run is finalised here, handing them the final run as a read would
/// return it (<see cref="RunEntityMapper.AsRead"/>): a woken long-poll reads nothing. Runs finalised by another
/// instance are found by the long-poll's own table reads.
/// </summary>
public sealed class RunNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RunRecord>> _waiters = new();

    /// <summary>Runs being waited for in this process now.</summary>
    public int Waiting => _waiters.Count;

    /// <summary>Completes with the run when this process finalises it.</summary>
    public Task<RunRecord> WhenFinalAsync(string runId) =>
        _waiters.GetOrAdd(runId, _ => new TaskCompletionSource<RunRecord>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Hands <paramref name="final"/>, just stored, to whoever waits for it here.</summary>
    public void Notify(RunRecord final)
    {
        if (_waiters.TryRemove(final.Id, out var waiter))
            waiter.TrySetResult(RunEntityMapper.AsRead(final));
    }

    /// <summary>Drops the waiter of a run nobody waits for any more.</summary>
    public void Forget(string runId, Task<RunRecord> waiter)
    {
        if (_waiters.TryGetValue(runId, out var current) && current.Task == waiter)
            _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource<RunRecord>>(runId, current));
    }
}
