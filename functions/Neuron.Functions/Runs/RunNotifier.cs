using System.Collections.Concurrent;

namespace Neuron.Functions.Runs;

/// <summary>
/// Wakes long-polls in this process as soon as a run is finalised here. Runs finalised by another instance are
/// found by the long-poll's own table reads.
/// </summary>
public sealed class RunNotifier
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new();

    /// <summary>Runs being waited for in this process now.</summary>
    public int Waiting => _waiters.Count;

    public Task WhenChangedAsync(string runId) =>
        _waiters.GetOrAdd(runId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(string runId)
    {
        if (_waiters.TryRemove(runId, out var waiter))
            waiter.TrySetResult();
    }

    /// <summary>Drops the waiter of a run nobody waits for any more.</summary>
    public void Forget(string runId, Task waiter)
    {
        if (_waiters.TryGetValue(runId, out var current) && current.Task == waiter)
            _waiters.TryRemove(new KeyValuePair<string, TaskCompletionSource>(runId, current));
    }
}
