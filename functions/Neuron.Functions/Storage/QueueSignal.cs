namespace Neuron.Functions.Storage;

/// <summary>
/// Lets the local queue listener poll at once when this process enqueued something, instead of waiting for its
/// next poll. Messages enqueued by other instances are still found by polling.
/// </summary>
public sealed class QueueSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Set()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
