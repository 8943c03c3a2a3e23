using System.Threading.Channels;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Pool;

/// <summary>
/// The containers of one language. Holds at most <see cref="Target"/> containers (idle + busy + starting) and owns the
/// removal of every container it created. A warm pool (<see cref="KeepWarm"/>) keeps all of them, refilling in the
/// background whenever one is discarded; an on-demand pool starts one only for a run that finds none idle, and
/// removes a container that stayed idle for <see cref="IdleTimeout"/>.
/// </summary>
public sealed class LanguagePool(Language language, int target, ISandboxSource source, RunnerMetrics metrics, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Channel<SandboxContainer> _idle = Channel.CreateUnbounded<SandboxContainer>();
    private readonly SemaphoreSlim _refillSignal = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _removals = [];
    private Task _refiller = Task.CompletedTask;
    private int _live;
    private int _busy;
    private int _starting;
    private int _waiting;
    private int _disposed;
    private volatile bool _imageFound;

    public Language Language { get; } = language;
    public int Target { get; } = target;
    public string Version { get; private set; } = "unknown";
    public string? LastError { get; private set; }

    /// <summary>Completes when the pool's first sandbox is idle (it never faults; a pool that cannot start keeps retrying).</summary>
    public Task FirstReady => _firstReady.Task;

    /// <summary>Whether the pool keeps <see cref="Target"/> containers ready; otherwise they follow demand.</summary>
    public bool KeepWarm { get; init; } = true;

    /// <summary>How long an on-demand pool keeps a container nobody uses.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public PoolState State => new(Target, _idle.Reader.Count, Volatile.Read(ref _busy), Volatile.Read(ref _starting), Version, LastError, !KeepWarm, _imageFound);

    public void Start()
    {
        _refiller = Task.Run(() => RefillLoopAsync(_stopping.Token));
        if (KeepWarm)
            _refillSignal.Release();
        else if (Target > 0)
            _ = ReadImageVersionAsync(_stopping.Token);
    }

    /// <summary>
    /// An on-demand pool may have no container to ask; its image carries the version. Retried with the refill's backoff
    /// until the image is found: until then the pool is not ready (a run would find no image either).
    /// </summary>
    private async Task ReadImageVersionAsync(CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (await source.ImageVersionAsync(Language, stopping) is { } version && Version == "unknown")
                    Version = version;
                LastError = null;
                _imageFound = true;
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                LastError = e.Message;
                logger.LogWarning(e, "Could not read the version of {Language} from its image {Image}; retrying in {BackoffMs} ms", Language.Id, Language.Image, backoff.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(backoff, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            backoff = Doubled(backoff);
        }
    }

    /// <summary>Waits for an idle container (an on-demand pool starts one when none is); cancelled by the caller's wait bound.</summary>
    public async Task<SandboxContainer> AcquireAsync(CancellationToken cancellationToken)
    {
        if (KeepWarm || !_idle.Reader.TryRead(out var container))
            container = KeepWarm ? await _idle.Reader.ReadAsync(cancellationToken) : await StartOnDemandAsync(cancellationToken);
        Interlocked.Increment(ref _busy);
        return container;
    }

    private async Task<SandboxContainer> StartOnDemandAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        _refillSignal.Release();
        try
        {
            return await _idle.Reader.ReadAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>Gives back a container that was acquired but ran nothing: as clean as when it was taken, no run counted.</summary>
    public void ReturnUnused(SandboxContainer container)
    {
        Interlocked.Decrement(ref _busy);
        _idle.Writer.TryWrite(container);
    }

    /// <summary>Gives a container back after a run: reused when clean and young, otherwise replaced.</summary>
    public void Release(SandboxContainer container, string? dirtyReason)
    {
        Interlocked.Decrement(ref _busy);
        container.Runs++;
        if (dirtyReason is null && container.Runs >= MaxRuns)
            dirtyReason = "recycled";
        if (dirtyReason is null)
            MakeIdle(container);
        else
            Discard(container, dirtyReason);
    }

    /// <summary>
    /// Counts a job a container ran for a run that keeps it for its next job (a run's next test case), as
    /// <see cref="Release"/> counts a run; false when the container is due for recycling, as a released one would be.
    /// </summary>
    public bool CountJob(SandboxContainer container) => ++container.Runs < MaxRuns;

    private void MakeIdle(SandboxContainer container)
    {
        container.IdleSince = time.GetUtcNow();
        _idle.Writer.TryWrite(container);
    }

    /// <summary>Containers to have, idle + busy + starting: all of them when warm, else one per run in or waiting.</summary>
    private int Wanted => KeepWarm ? Target : Math.Min(Target, Volatile.Read(ref _busy) + Volatile.Read(ref _waiting));

    public int MaxRuns { get; init; } = int.MaxValue;

    /// <summary>Pings every idle container once; any that does not answer clean is replaced, any on-demand one idle too long removed.</summary>
    public async Task HealthCheckAsync(CancellationToken cancellationToken)
    {
        var count = _idle.Reader.Count;
        for (var i = 0; i < count && _idle.Reader.TryRead(out var container); i++)
        {
            if (!KeepWarm && time.GetUtcNow() - container.IdleSince >= IdleTimeout)
            {
                Discard(container, "idle");
                continue;
            }
            Interlocked.Increment(ref _busy);
            string? dirty = null;
            try
            {
                var report = await LauncherClient.SendAsync(container.SocketPath, LauncherProtocol.Ping(), TimeSpan.FromSeconds(5), cancellationToken);
                if (!report.Pong)
                    dirty = "health_check";
                else if (!report.Clean)
                    dirty = report.DirtyReason;
            }
            catch (LauncherUnresponsiveException)
            {
                dirty = "health_check";
            }
            Interlocked.Decrement(ref _busy);
            if (dirty is null)
                _idle.Writer.TryWrite(container);
            else
                Discard(container, dirty);
        }
    }

    private void Discard(SandboxContainer container, string reason)
    {
        logger.LogInformation("Replacing sandbox {Container} of {Language}: {Reason}", container.Name, Language.Id, reason);
        metrics.ContainerReplaced(Language.Id, reason);
        var removal = source.DiscardAsync(container, reason, CancellationToken.None);
        lock (_removals)
        {
            _removals.RemoveAll(t => t.IsCompleted);
            _removals.Add(removal);
        }
        Interlocked.Decrement(ref _live);
        _refillSignal.Release();
    }

    private async Task RefillLoopAsync(CancellationToken stopping)
    {
        var backoff = FirstBackoff;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _refillSignal.WaitAsync(stopping);
                while (Volatile.Read(ref _live) < Wanted && !stopping.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _live);
                    Interlocked.Increment(ref _starting);
                    try
                    {
                        var container = await source.CreateAsync(Language, stopping);
                        Version = container.Version;
                        LastError = null;
                        backoff = FirstBackoff;
                        container.IdleSince = time.GetUtcNow();
                        if (!_idle.Writer.TryWrite(container))
                            await source.DiscardAsync(container, "stopped", CancellationToken.None);
                        _firstReady.TrySetResult();
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                    {
                        Interlocked.Decrement(ref _live);
                        LastError = e.Message;
                        logger.LogWarning(e, "Could not start a sandbox for {Language}; retrying in {BackoffMs} ms", Language.Id, backoff.TotalMilliseconds);
                        await Task.Delay(backoff, stopping);
                        backoff = Doubled(backoff);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _starting);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>The next wait after another failure: twice the last, at most <see cref="MaxBackoff"/>.</summary>
    private static TimeSpan Doubled(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));

    public async ValueTask DisposeAsync()
    {
        // Hosts may stop their services more than once.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        await _refiller;
        _idle.Writer.TryComplete();
        while (_idle.Reader.TryRead(out var container))
            await source.DiscardAsync(container, "stopped", CancellationToken.None);
        Task[] pending;
        lock (_removals)
            pending = [.. _removals];
        await Task.WhenAll(pending);
        _stopping.Dispose();
    }
}
