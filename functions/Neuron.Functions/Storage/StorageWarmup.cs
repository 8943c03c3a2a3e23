namespace Neuron.Functions.Storage;

/// <summary>Creates the storage resources in the background at startup, so that the first request does not pay for it.</summary>
public sealed class StorageWarmup(StorageInitializer initializer, ILogger<StorageWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var wait = TimeSpan.FromMilliseconds(200); !stoppingToken.IsCancellationRequested; wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(10).Ticks)))
        {
            try
            {
                await initializer.EnsureAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Storage not ready, retrying in {Wait}: {Error}", wait, e.Message);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
