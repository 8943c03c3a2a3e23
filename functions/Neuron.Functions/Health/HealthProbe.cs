using Microsoft.Extensions.Options;
using Neuron.Functions.Languages;
using Neuron.Functions.Runners;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Health;

/// <summary>One check of what the app depends on: storage (and the queue depths) and the runner, side by side.</summary>
/// <remarks>
/// A runner that answers while this instance has no complete list from it gets asked for its languages within the
/// probe: whoever waits for health (infra/up, a load balancer) then sees the real versions as soon as it sees healthy.
/// </remarks>
/// <remarks>
/// Scaled to zero (<see cref="RunnerDiscovery.Table"/> and no runner listed) is a normal state, not a fault: the report
/// is healthy with <c>runnerReachable</c> false, since a submitted run starts a burst group and waits for it.
/// </remarks>
public sealed class HealthProbe(StorageClients storage, StorageInitializer initializer, RunnerClient runner, RunnerRouter router, LanguageCatalog languages,
    LanguageRefresher refresher, IOptions<HealthOptions> options, IOptions<RunnerOptions> runnerOptions, TimeProvider time)
{
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ProbeTimeoutMs));
        var target = await FirstRunnerAsync(cts.Token);
        var runnerTask = target is null ? Task.FromResult(false) : runner.IsHealthyAsync(target, cts.Token);
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
        try
        {
            if (runnerUp && !languages.Complete)
                await refresher.RefreshAsync(cts.Token);
            await languages.ReadyAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Out of the probe's time: the report says which list is in force now.
        }
        var scaledToZero = target is null && runnerOptions.Value.Discovery == RunnerDiscovery.Table;
        var healthy = error is null && (runnerUp || scaledToZero);
        return new HealthReport(healthy ? HealthReport.Healthy : HealthReport.Unhealthy, error is null, runnerUp, depth, poisonDepth,
            languages.Source, error ?? (runnerUp || scaledToZero ? null : "runner unreachable"), time.GetUtcNow());
    }

    private async Task<Uri?> FirstRunnerAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await router.FirstAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
