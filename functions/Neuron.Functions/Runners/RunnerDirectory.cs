using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Burst;
using Neuron.Functions.Storage;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

/// <summary>
/// The table <c>runners</c>: the burst groups the controller keeps (partition <c>burst</c>, replaced as a set on every
/// tick) and the scale set's nodes that register themselves (partition <see cref="RunnerRegistration.Partition"/>, one
/// row per node rewritten every heartbeat). The dispatcher reads both in one query. A node's row whose heartbeat is
/// older than <see cref="RunnerOptions.StaleSeconds"/> is skipped and deleted (under its ETag, so a node that beat
/// meanwhile keeps its row): the node died without deregistering.
/// </summary>
public sealed class RunnerDirectory(StorageClients storage, IOptions<StorageOptions> options, IOptions<RunnerOptions> runnerOptions, TimeProvider time,
    ILogger<RunnerDirectory> logger) : IBurstRunnerPublisher
{
    private const string BurstPartition = "burst";
    private readonly TableClient _table = storage.Tables.GetTableClient(options.Value.NamePrefix + "runners");
    private int _created;

    public async Task PublishAsync(IReadOnlyCollection<BurstRunner> runners, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        foreach (var runner in runners)
        {
            await _table.UpsertEntityAsync(new TableEntity(BurstPartition, runner.Name) { ["Url"] = runner.Url.ToString() },
                TableUpdateMode.Replace, cancellationToken);
        }
        var current = runners.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == BurstPartition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!current.Contains(row.RowKey))
                await _table.DeleteEntityAsync(BurstPartition, row.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>The registered nodes with a fresh heartbeat and the published burst runners, each in table order.</summary>
    public async Task<RunnerSet> ReadAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var registered = new List<Uri>();
        var burst = new List<Uri>();
        var stale = new List<TableEntity>();
        var staleBefore = time.GetUtcNow() - TimeSpan.FromSeconds(runnerOptions.Value.StaleSeconds);
        await foreach (var row in _table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (!Uri.TryCreate(row.GetString(RunnerRegistration.UrlColumn), UriKind.Absolute, out var url))
                continue;
            if (row.PartitionKey == BurstPartition)
                burst.Add(url);
            else if (row.PartitionKey == RunnerRegistration.Partition)
            {
                if (row.GetDateTimeOffset(RunnerRegistration.HeartbeatColumn) is { } beat && beat >= staleBefore)
                    registered.Add(url);
                else
                    stale.Add(row);
            }
        }
        foreach (var row in stale)
            await ExpireAsync(row, cancellationToken);
        return new RunnerSet(registered, burst);
    }

    private async Task ExpireAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
            logger.LogInformation("Runner {InstanceId} at {Url} expired: no heartbeat since {HeartbeatAt}", row.RowKey,
                row.GetString(RunnerRegistration.UrlColumn), row.GetDateTimeOffset(RunnerRegistration.HeartbeatColumn));
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or the node beat again since it was read: either way nothing to expire.
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1)
            return;
        await _table.CreateIfNotExistsAsync(cancellationToken);
        Volatile.Write(ref _created, 1);
    }
}
