using System.Globalization;
using Azure.Data.Tables;
using Neuron.Functions.Storage;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>Reads the day rows a month's statements are built from: one key's, or every key's (the admin export).</summary>
public sealed class StatementReader(StorageClients clients, StorageInitializer initializer)
{
    public async Task<Statement> ForKeyAsync(string keyId, DateOnly month, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {keyId}") + " and " + DaysUntil(month), cancellationToken);
        return StatementBuilder.Build(keyId, month, rows.GetValueOrDefault(keyId) ?? []);
    }

    /// <summary>Every key with a ledger up to the month's end, by key id.</summary>
    public async Task<IReadOnlyList<Statement>> ForAllAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync(DaysUntil(month), cancellationToken);
        return [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => StatementBuilder.Build(r.Key, month, r.Value))];
    }

    /// <summary>Day rows from the first one to the month's last day (an earlier month's rows make its opening balance).</summary>
    private static string DaysUntil(DateOnly month) => TableClient.CreateQueryFilter(
        $"RowKey ge {UsageRows.DayPrefix} and RowKey lt {UsageRows.DayPrefix + month.AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");

    private async Task<Dictionary<string, List<TableEntity>>> ReadAsync(string filter, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var byKey = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var row in clients.UsageTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!byKey.TryGetValue(row.PartitionKey, out var list))
                byKey[row.PartitionKey] = list = [];
            list.Add(row);
        }
        return byKey;
    }
}
