using Microsoft.Extensions.Options;

namespace Neuron.Functions.Health;

/// <summary>
/// The latest <see cref="HealthReport"/>, refreshed stale-while-revalidate: a fresh report is served as it is, a
/// stale one is served while one probe (never more) refreshes it, and only a report older than
/// <see cref="HealthOptions.ServeStaleForMs"/> (or none yet) makes a request wait. A health check therefore costs no
/// storage round trip, however loaded storage is — which is what it must not be slowed by.
/// </summary>
public sealed class HealthMonitor(HealthProbe probe, IOptions<HealthOptions> options, TimeProvider time, ILogger<HealthMonitor> logger)
{
    private readonly Lock _gate = new();
    private HealthReport? _last;
    private Task<HealthReport>? _probing;

    public async Task<HealthReport> CurrentAsync(CancellationToken cancellationToken)
    {
        var last = Volatile.Read(ref _last);
        var age = last is null ? TimeSpan.MaxValue : time.GetUtcNow() - last.CheckedAt;
        if (age < TimeSpan.FromMilliseconds(options.Value.FreshForMs))
            return last!;
        var probing = Refresh();
        return age < TimeSpan.FromMilliseconds(options.Value.ServeStaleForMs)
            ? last!
            : await probing.WaitAsync(cancellationToken);
    }

    private Task<HealthReport> Refresh()
    {
        lock (_gate)
        {
            if (_probing is not { IsCompleted: false })
                _probing = Task.Run(ProbeAsync);
            return _probing;
        }
    }

    private async Task<HealthReport> ProbeAsync()
    {
        HealthReport report;
        try
        {
            // Not the caller's token: the probe outlives the request that started it and is bounded by ProbeTimeoutMs.
            report = await probe.CheckAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            report = new HealthReport(HealthReport.Unhealthy, false, false, null, null, "unknown", "probe failed: " + e.Message, time.GetUtcNow());
        }
        var previous = Interlocked.Exchange(ref _last, report);
        if (previous?.Status != report.Status)
            logger.LogInformation("Health is now {Status} (storage {StorageReachable}, runner {RunnerReachable}, error {Error})",
                report.Status, report.StorageReachable, report.RunnerReachable, report.Error);
        return report;
    }
}
