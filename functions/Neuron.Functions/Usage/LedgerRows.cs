using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Usage;

/// <summary>
/// A key's balance and day rows as this instance last read or wrote them, with their ETags, so that a key's turn under
/// <see cref="LedgerGate"/> is one transaction rather than reads and a transaction. A copy is stale only when another
/// instance (or a top-up of the day row) wrote the row since: its ETag then fails the transaction, the copy is
/// forgotten and the row read again. Nothing is refused on a remembered copy alone. Past <see cref="MaxRows"/> rows
/// the memory starts again.
/// </summary>
public sealed class LedgerRows(StorageClients clients)
{
    private const int MaxRows = 10_000;
    private readonly ConcurrentDictionary<(string KeyId, string Row), TableEntity> _rows = new();

    /// <summary>The remembered row, else the stored one (remembered from now on); null when there is none.</summary>
    public async Task<TableEntity?> GetAsync(string keyId, string row, CancellationToken cancellationToken)
    {
        if (_rows.TryGetValue((keyId, row), out var known))
            return known;
        var read = await clients.UsageTable.GetEntityIfExistsAsync<TableEntity>(keyId, row, cancellationToken: cancellationToken);
        if (!read.HasValue)
            return null;
        Keep(keyId, row, read.Value!);
        return read.Value;
    }

    /// <summary>
    /// After a transaction merged <paramref name="changed"/> (a <see cref="TableEntity"/>) into <paramref name="before"/> (null: added): the row as
    /// stored now, under the ETag storage answered that action with (forgotten when it answered none).
    /// </summary>
    public void Merged(TableEntity? before, ITableEntity changed, Response written)
    {
        var changes = (TableEntity)changed;
        if (written.Headers.ETag is not { } etag)
        {
            Forget(changes.PartitionKey, changes.RowKey);
            return;
        }
        var row = before is null ? new TableEntity(changes.PartitionKey, changes.RowKey) : new TableEntity(before);
        foreach (var (column, value) in changes)
            if (column is not ("odata.etag" or "Timestamp"))
                row[column] = value;
        row.ETag = etag;
        Keep(changes.PartitionKey, changes.RowKey, row);
    }

    public void Forget(string keyId, string row) => _rows.TryRemove((keyId, row), out _);

    private void Keep(string keyId, string row, TableEntity entity)
    {
        if (_rows.Count >= MaxRows)
            _rows.Clear();
        _rows[(keyId, row)] = entity;
    }
}
