using Microsoft.Extensions.Options;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Execution;

/// <summary>
/// Backpressure: a run needs its tenant's fair share of its language (<see cref="TenantShares"/>), a container of its
/// language and one of <see cref="RunnerOptions.MaxConcurrency"/> slots, and may wait for all three only up to
/// <see cref="RunnerOptions.QueueTimeout"/> and only while fewer than <see cref="RunnerOptions.MaxQueueLength"/>
/// others wait. Otherwise the caller is told to come back later.
/// </summary>
public sealed class Admission(TenantShares shares, IOptions<RunnerOptions> options)
{
    private readonly RunnerOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);
    private int _waiting;
    private int _running;
    private int _peakRunning;

    public int Waiting => Volatile.Read(ref _waiting);
    public int Running => Volatile.Read(ref _running);
    /// <summary>The most runs ever executing at once since start.</summary>
    public int PeakRunning => Volatile.Read(ref _peakRunning);

    /// <summary>A lease on a container and a slot, or null when the runner is too busy.</summary>
    public async Task<Lease?> TryEnterAsync(LanguagePool pool, string? tenant, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _waiting) > _options.MaxQueueLength + _options.MaxConcurrency)
        {
            Interlocked.Decrement(ref _waiting);
            return null;
        }
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(_options.QueueTimeout);
        TenantShares.Share? share = null;
        SandboxContainer? container = null;
        try
        {
            share = await shares.EnterAsync(pool.Language.Id, tenant, pool.Target, bound.Token);
            container = await pool.AcquireAsync(bound.Token);
            await _slots.WaitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            if (container is not null)
                pool.ReturnUnused(container);
            share?.Dispose();
            if (cancellationToken.IsCancellationRequested)
                throw;
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        var running = Interlocked.Increment(ref _running);
        int peak;
        while (running > (peak = Volatile.Read(ref _peakRunning)) && Interlocked.CompareExchange(ref _peakRunning, running, peak) != peak)
        {
        }
        return new Lease(this, pool, container, share);
    }

    /// <summary>Suggested Retry-After, in seconds, for a rejected request.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(_options.QueueTimeout.TotalSeconds / 4));

    private void Exit()
    {
        Interlocked.Decrement(ref _running);
        _slots.Release();
    }

    /// <summary>One admitted run. <see cref="Complete"/> must be called exactly once.</summary>
    public sealed class Lease(Admission admission, LanguagePool pool, SandboxContainer container, TenantShares.Share share)
    {
        private int _completed;

        public SandboxContainer Container { get; } = container;

        public void Complete(string? dirtyReason)
        {
            if (Interlocked.Exchange(ref _completed, 1) == 1)
                return;
            pool.Release(Container, dirtyReason);
            share.Dispose();
            admission.Exit();
        }
    }
}
