using System.Collections.Concurrent;

namespace Neuron.Functions.Storage;

/// <summary>
/// One request at a time per counter entity from this instance: requests of one key queue here instead of racing
/// each other for the same ETag (other instances still may; the ETag keeps the count right). Bounded: past
/// <see cref="MaxGates"/> keys the map starts again, and at worst two requests of one key race once more.
/// </summary>
public sealed class CounterGates
{
    private const int MaxGates = 10_000;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<T> RunAsync<T>(string key, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        if (_gates.Count >= MaxGates)
            _gates.Clear();
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }
}
