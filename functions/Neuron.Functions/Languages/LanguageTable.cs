using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Storage;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary>
/// The table <c>languages</c>: one row holding the last list any instance learned from a runner, so that a cold
/// instance knows the real versions with one point read, before (or without) reaching a runner itself.
/// </summary>
public sealed class LanguageTable(StorageClients storage)
{
    private const string Partition = "languages";
    private const string Row = "current";

    /// <summary>The stored list; null when none was ever published (or the table does not exist yet).</summary>
    public async Task<StoredLanguages?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var row = await storage.LanguagesTable.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
            if (!row.HasValue || row.Value!.GetString("Json") is not { } json || row.Value.GetDateTimeOffset("PublishedAt") is not { } at)
                return null;
            var languages = JsonSerializer.Deserialize(json, FunctionsJsonContext.Default.IReadOnlyListLanguageInfo);
            return languages is { Count: > 0 } ? new StoredLanguages(languages, at) : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(StoredLanguages languages, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(Partition, Row)
        {
            ["Json"] = JsonSerializer.Serialize(languages.Languages, FunctionsJsonContext.Default.IReadOnlyListLanguageInfo),
            ["PublishedAt"] = languages.PublishedAt,
        };
        await storage.LanguagesTable.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
