using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Burst;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Runners;

/// <summary>
/// The burst runners that are up, in the table <c>runners</c> (one row per container group: its runner URL). The burst
/// controller replaces the set on every tick; the dispatcher reads it to spill runs beyond the scale set.
/// </summary>
public sealed class RunnerDirectory(StorageClients storage, IOptions<StorageOptions> options) : IBurstRunnerPublisher
{
    private const string Partition = "burst";
    private readonly TableClient _table = storage.Tables.GetTableClient(options.Value.NamePrefix + "runners");
    private int _created;

    public async Task PublishAsync(IReadOnlyCollection<BurstRunner> runners, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        foreach (var runner in runners)
        {
            await _table.UpsertEntityAsync(new TableEntity(Partition, runner.Name) { ["Url"] = runner.Url.ToString() },
                TableUpdateMode.Replace, cancellationToken);
        }
        var current = runners.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!current.Contains(row.RowKey))
                await _table.DeleteEntityAsync(Partition, row.RowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>The published burst runners' URLs, by group name.</summary>
    public async Task<IReadOnlyList<Uri>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var urls = new List<Uri>();
        await foreach (var row in _table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            if (Uri.TryCreate(row.GetString("Url"), UriKind.Absolute, out var url))
                urls.Add(url);
        }
        return urls;
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _created) == 1)
            return;
        await _table.CreateIfNotExistsAsync(cancellationToken);
        Volatile.Write(ref _created, 1);
    }
}
