namespace Neuron.Functions.Hosting;

/// <summary>Local mode's stand-in for a timer trigger: runs <paramref name="function"/> every <paramref name="period"/>.</summary>
public sealed class LocalTimer(string name, TimeSpan period, Func<CancellationToken, Task<string>> function, TimeProvider time, ILogger<LocalTimer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var log = await function(stoppingToken);
                    logger.LogDebug("Timer {Function}: {Log}", name, log);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Timer {Function} failed: {Error}", name, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
