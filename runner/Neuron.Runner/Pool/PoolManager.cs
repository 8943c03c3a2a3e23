using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Pool;

/// <summary>
/// Owns one <see cref="LanguagePool"/> per language: removes orphans on start, health-checks idle
/// containers periodically, and removes every container it owns on shutdown.
/// </summary>
public sealed class PoolManager : BackgroundService
{
    private readonly ISandboxSource _source;
    private readonly RunnerOptions _options;
    private readonly ILogger<PoolManager> _logger;
    private readonly CancellationTokenSource _stoppingPools = new();
    private Task _starting = Task.CompletedTask;
    private Task? _stopping;

    public PoolManager(LanguageCatalog catalog, ISandboxSource source, RunnerMetrics metrics, IOptions<RunnerOptions> options, TimeProvider time, ILogger<PoolManager> logger)
    {
        _source = source;
        _options = options.Value;
        _logger = logger;
        Pools = catalog.All.ToFrozenDictionary(
            l => l.Id,
            l => new LanguagePool(l, _options.PoolSizeFor(l.Id), source, metrics, time, logger)
            {
                // A sandbox that cannot be replaced is not recycled either: its launcher proves it clean after every job.
                MaxRuns = source.CanReplace ? _options.MaxRunsPerContainer : int.MaxValue,
                // Static launchers exist whether used or not; only a source that creates sandboxes can follow demand.
                KeepWarm = !source.CanReplace || _options.KeepsWarm(l.Id),
                IdleTimeout = _options.OnDemandIdleTimeout,
            });
    }

    public FrozenDictionary<string, LanguagePool> Pools { get; }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var orphans = await _source.RemoveAllOwnedAsync(cancellationToken);
            _logger.LogInformation("Removed {Count} orphaned sandbox containers of instance {Instance}", orphans, _options.InstanceId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Could not list orphaned sandboxes; is the Docker engine reachable at {Endpoint}?", _options.DockerEndpoint);
        }
        _starting = Task.Run(() => StartPoolsAsync(_stoppingPools.Token), CancellationToken.None);
        await base.StartAsync(cancellationToken);
    }

    /// <summary>The popular languages' pools one after another (each once the previous has a sandbox), then all the others.</summary>
    private async Task StartPoolsAsync(CancellationToken stopping)
    {
        foreach (var pool in StartOrder(Pools.Values, _options.PopularLanguages))
        {
            pool.Start();
            if (pool.Target == 0 || !pool.KeepWarm || !_options.PopularLanguages.Contains(pool.Language.Id, StringComparer.OrdinalIgnoreCase))
                continue;
            try
            {
                await pool.FirstReady.WaitAsync(_options.PopularFirstWait, stopping);
            }
            catch (TimeoutException)
            {
                _logger.LogWarning("No sandbox for {Language} within {Wait}; starting the next pools meanwhile", pool.Language.Id, _options.PopularFirstWait);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The popular languages first, in their order, then the rest in catalog order.</summary>
    public static IEnumerable<LanguagePool> StartOrder(IEnumerable<LanguagePool> pools, List<string> popular) =>
        pools.Select((pool, index) => (pool, index))
            .OrderBy(p => popular.FindIndex(l => string.Equals(l, p.pool.Language.Id, StringComparison.OrdinalIgnoreCase)) is var rank and >= 0 ? rank : popular.Count)
            .ThenBy(p => p.index)
            .Select(p => p.pool);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HealthCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await Task.WhenAll(Pools.Values.Select(p => p.HealthCheckAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Removes every container this instance owns; hosts may call it more than once, the work runs once.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (Pools)
            return _stopping ??= StopOnceAsync(cancellationToken);
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await _stoppingPools.CancelAsync();
        await _starting;
        await base.StopAsync(cancellationToken);
        await Task.WhenAll(Pools.Values.Select(p => p.DisposeAsync().AsTask()));
        var left = await _source.RemoveAllOwnedAsync(CancellationToken.None);
        _logger.LogInformation("Sandbox pools stopped; {Count} busy containers removed", left);
    }
}
