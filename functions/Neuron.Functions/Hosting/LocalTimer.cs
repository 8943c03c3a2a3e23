using NCrontab;

namespace Neuron.Functions.Hosting;

/// <summary>
/// Local mode's stand-in for a timer trigger: runs <paramref name="function"/> at each occurrence of its NCRONTAB
/// schedule (with seconds, parsed by the library the host uses). A run that overlaps the next occurrence delays it,
/// as the host's singleton timer does; a failure is logged and the next occurrence comes as planned.
/// </summary>
public sealed class LocalTimer(string name, CrontabSchedule schedule, Func<CancellationToken, Task> function, TimeProvider time, ILogger<LocalTimer> logger)
    : BackgroundService
{
    public static CrontabSchedule Parse(string expression) =>
        CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var now = time.GetUtcNow().UtcDateTime;
                var next = schedule.GetNextOccurrence(now);
                await Task.Delay(next - now, time, stoppingToken);
                try
                {
                    await function(stoppingToken);
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
