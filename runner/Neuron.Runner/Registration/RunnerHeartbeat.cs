using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Registration;

/// <summary>
/// Keeps this node's <see cref="RunnerRegistration"/> row in the runners table while it can take runs: written every
/// <see cref="RegistrationOptions.HeartbeatSeconds"/> once every pool is ready, deleted when it stops being ready and
/// when the agent stops. A node that dies leaves its row behind; readers skip it once its heartbeat is stale.
/// </summary>
public sealed class RunnerHeartbeat(
    IOptions<RegistrationOptions> options, IOptions<RunnerOptions> runnerOptions, PoolManager pools, ISandboxSource sandboxes,
    TimeProvider time, ILogger<RunnerHeartbeat> logger) : BackgroundService
{
    private TableClient? _table;
    private bool _registered;

    private string InstanceId => runnerOptions.Value.InstanceId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
            return;
        _table = CreateTable(o);
        if (o.ConnectionString is not null)
            await Retry(() => _table.CreateIfNotExistsAsync(stoppingToken), stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(o.HeartbeatSeconds), time);
        do
        {
            await Retry(() => BeatAsync(o, stoppingToken), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_table is null || !_registered)
            return;
        // New runs must stop coming before the pools are torn down (this service stops before the pool manager).
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _table.DeleteEntityAsync(RunnerRegistration.Partition, InstanceId, ETag.All, bound.Token);
            logger.LogInformation("Runner {InstanceId} removed from the runners table", InstanceId);
        }
        catch (Exception e) when (e is RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning("Could not remove runner {InstanceId} from the runners table ({Error}); readers skip it once stale", InstanceId, e.Message);
        }
    }

    private async Task BeatAsync(RegistrationOptions o, CancellationToken cancellationToken)
    {
        if (Readiness.IsReady(pools, sandboxes))
        {
            var row = new TableEntity(RunnerRegistration.Partition, InstanceId)
            {
                [RunnerRegistration.UrlColumn] = o.Url!.ToString(),
                [RunnerRegistration.HeartbeatColumn] = time.GetUtcNow(),
            };
            await _table!.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            if (!_registered)
                logger.LogInformation("Runner {InstanceId} registered at {Url} in the runners table", InstanceId, o.Url);
            _registered = true;
        }
        else if (_registered)
        {
            await _table!.DeleteEntityAsync(RunnerRegistration.Partition, InstanceId, ETag.All, cancellationToken);
            _registered = false;
            logger.LogWarning("Runner {InstanceId} is not ready; removed from the runners table until it is", InstanceId);
        }
    }

    /// <summary>One heartbeat's storage call; a failure is logged and the next beat tries again.</summary>
    private async Task Retry(Func<Task> beat, CancellationToken cancellationToken)
    {
        try
        {
            await beat();
        }
        catch (RequestFailedException e)
        {
            logger.LogWarning("Runner {InstanceId} heartbeat failed: {Status} {Error}", InstanceId, e.Status, e.Message);
        }
        catch (Exception e) when (e is AuthenticationFailedException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Runner {InstanceId} heartbeat failed: {Error}", InstanceId, e.Message);
        }
    }

    private static TableClient CreateTable(RegistrationOptions o)
    {
        if (o.ConnectionString is not null)
            return new TableClient(o.ConnectionString, o.Table);
        // https://{account}.table.core.windows.net/{table}: the account endpoint and the table name.
        var url = o.TableUrl!;
        var table = url.Segments[^1].Trim('/');
        var account = new Uri(url, "./");
        return new TableClient(account, table, new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
    }
}
