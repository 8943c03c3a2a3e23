using System.Collections.Concurrent;

namespace Neuron.Functions.Storage;

/// <summary>
/// One write at a time per counter entity from this instance, and every request of that counter that arrived while a
/// write was under way goes into the next one together (group commit): a burst of one key's requests costs a storage
/// round trip per group rather than per request, and they no longer race each other for the same ETag (other
/// instances still may; the ETag keeps the count right). The caller that finds the counter idle starts a writer that
/// takes everyone queued, in arrival order, at most <see cref="MaxGroup"/> at once, until nobody is; each caller waits
/// for its own result alone (its cancellation abandons the wait, not the group's write, which storage's own timeouts
/// bound). A group's failure fails each of its requests. Past <see cref="MaxCounters"/> counters idle ones are
/// forgotten (at worst two writers of one counter race once, and the ETag settles it).
/// </summary>
/// <typeparam name="TRequest">One caller's change to the counter.</typeparam>
/// <typeparam name="TResult">What that caller is told.</typeparam>
public sealed class CombiningGate<TRequest, TResult>(Func<string, IReadOnlyList<TRequest>, CancellationToken, Task<IReadOnlyList<TResult>>> write, int maxGroup)
{
    private const int MaxCounters = 10_000;
    private readonly ConcurrentDictionary<string, Counter> _counters = new();

    public int MaxGroup { get; } = maxGroup;

    /// <summary>Applies <paramref name="request"/> to counter <paramref name="key"/>, alone or with others queued meanwhile; <paramref name="cancellationToken"/> bounds this caller's wait.</summary>
    public async Task<TResult> RunAsync(string key, TRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request);
        var counter = _counters.GetOrAdd(key, _ => new Counter());
        bool leads;
        lock (counter)
        {
            counter.Queue.Enqueue(pending);
            leads = !counter.Writing;
            counter.Writing = true;
        }
        if (leads)
            _ = Task.Run(() => WriteAllAsync(key, counter), CancellationToken.None);
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes group after group until nobody is queued; a later caller then starts a writer again. Never throws.</summary>
    private async Task WriteAllAsync(string key, Counter counter)
    {
        while (true)
        {
            List<Pending> group;
            lock (counter)
            {
                if (counter.Queue.Count == 0)
                {
                    counter.Writing = false;
                    break;
                }
                group = new List<Pending>(Math.Min(counter.Queue.Count, MaxGroup));
                while (group.Count < MaxGroup && counter.Queue.TryDequeue(out var next))
                    group.Add(next);
            }
            try
            {
                var results = await write(key, group.ConvertAll(p => p.Request), CancellationToken.None);
                for (var i = 0; i < group.Count; i++)
                    group[i].Result.TrySetResult(results[i]);
            }
            catch (Exception e)
            {
                foreach (var pending in group)
                    pending.Result.TrySetException(e);
            }
        }
        if (_counters.Count > MaxCounters)
            foreach (var (idleKey, idle) in _counters)
                lock (idle)
                    if (!idle.Writing && idle.Queue.Count == 0)
                        _counters.TryRemove(idleKey, out _);
    }

    private sealed class Counter
    {
        public Queue<Pending> Queue { get; } = new();
        public bool Writing { get; set; }
    }

    private sealed class Pending(TRequest request)
    {
        public TRequest Request { get; } = request;
        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
