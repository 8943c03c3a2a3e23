using Microsoft.Extensions.Options;
using Neuron.Functions.Languages;
using Neuron.Functions.Runners;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Health;

/// <summary>One check of what the app depends on: storage (and the queue depths) and the runner, side by side.</summary>
public sealed class HealthProbe(StorageClients storage, StorageInitializer initializer, RunnerClient runner, LanguageCatalog languages,
    IOptions<HealthOptions> options, TimeProvider time)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ProbeTimeoutMs));
        var runnerTask = runner.IsHealthyAsync(cts.Token);
        int? depth = null, poisonDepth = null;
        string? error = null;
        try
        {
            await initializer.EnsureAsync(cts.Token);
            var queue = storage.RunsQueue.GetPropertiesAsync(cts.Token);
            var poison = storage.PoisonQueue.GetPropertiesAsync(cts.Token);
            depth = (await queue).Value.ApproximateMessagesCount;
            poisonDepth = (await poison).Value.ApproximateMessagesCount;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            error = "storage: " + e.Message;
        }
        bool runnerUp;
        try
        {
            runnerUp = await runnerTask;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            runnerUp = false;
        }
        var healthy = error is null && runnerUp;
        return new HealthReport(healthy ? HealthReport.Healthy : HealthReport.Unhealthy, error is null, runnerUp, depth, poisonDepth,
            languages.FromRunner ? "runner" : "fallback", error ?? (runnerUp ? null : "runner unreachable"), time.GetUtcNow());
    }
}
