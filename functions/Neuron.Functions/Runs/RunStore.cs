using System.Text;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Runs;

/// <summary>
/// Reads and writes <see cref="RunRecord"/>s (as rows: <see cref="RunEntityMapper"/>); only <see cref="RunLifecycle"/>
/// writes. Text fields longer than <see cref="InlineTextLimit"/> characters
/// (Azurite caps string properties at 32 K characters, Azure at 64 KiB) spill to a blob <c>{id}/{field}</c>
/// written before the entity that points at it, so an entity never references a missing blob. The program's output
/// files are blobs beside them (<see cref="RunOutputFile.BlobName"/>), written the same way, before the row lists them.
/// </summary>
public sealed class RunStore(StorageClients clients, StorageInitializer initializer)
{
    public const int InlineTextLimit = 30_000;
    public const string RowKey = RunEntityMapper.RowKey;

    /// <summary>Inserts a new run (inputs included) and returns it with its ETag.</summary>
    public async Task<RunRecord> InsertAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var entity = await ToEntityAsync(run, writeInputs: true, cancellationToken);
        var response = await clients.RunsTable.AddEntityAsync(entity, cancellationToken);
        return run with { ETag = response.Headers.ETag ?? default };
    }

    public async Task<RunRecord?> GetAsync(string id, bool includeInputs, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var response = await clients.RunsTable.GetEntityIfExistsAsync<TableEntity>(id, RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? await FromEntityAsync(response.Value!, includeInputs, cancellationToken) : null;
    }

    /// <summary>The run's status alone (one column read), or null when there is no such run.</summary>
    public async Task<string?> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var response = await clients.RunsTable.GetEntityIfExistsAsync<TableEntity>(id, RowKey, ["Status"], cancellationToken);
        // A row without a status was never written by this app as a live run: it counts as final.
        return response.HasValue ? response.Value!.GetString("Status") ?? RunStatus.Completed : null;
    }

    /// <summary>Replaces the run if its ETag still matches; returns the stored run with its new ETag, or null when someone else changed it first.</summary>
    public async Task<RunRecord?> TryReplaceAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var entity = await ToEntityAsync(run, writeInputs: false, cancellationToken);
        try
        {
            var response = await clients.RunsTable.UpdateEntityAsync(entity, run.ETag, TableUpdateMode.Merge, cancellationToken);
            return run with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Replaces only the callback's delivery state (<see cref="RunRecord.Callback"/>) if the ETag still matches; null when someone else changed the run first.</summary>
    public async Task<RunRecord?> TryReplaceCallbackAsync(RunRecord run, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.RunsTable.UpdateEntityAsync(RunEntityMapper.ToCallbackEntity(run), run.ETag, TableUpdateMode.Merge, cancellationToken);
            return run with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    /// <summary>Best-effort removal of a run that was never accepted (its message could not be queued).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await clients.RunsTable.DeleteEntityAsync(id, RowKey, ETag.All, cancellationToken);
    }

    /// <summary>Runs in <paramref name="status"/> whose <paramref name="timeField"/> is before <paramref name="before"/> (without inputs).</summary>
    public async IAsyncEnumerable<RunRecord> QueryStaleAsync(string status, string timeField, DateTimeOffset before,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var filter = $"{TableClient.CreateQueryFilter($"Status eq {status}")} and {timeField} lt {TableClient.CreateQueryFilter($"{before}")}";
        await foreach (var entity in clients.RunsTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            yield return await FromEntityAsync(entity, includeInputs: false, cancellationToken);
    }

    private async Task<TableEntity> ToEntityAsync(RunRecord run, bool writeInputs, CancellationToken cancellationToken)
    {
        var entity = RunEntityMapper.ToEntity(run, writeInputs);
        var texts = writeInputs ? RunEntityMapper.InputTexts.Concat(RunEntityMapper.OutputTexts) : RunEntityMapper.OutputTexts;
        await Task.WhenAll(texts.Select(field => SpillAsync(entity, run.Id, field, cancellationToken))
            .Concat((run.Result.OutputFiles ?? []).Where(f => f.Content is not null).Select(f => UploadFileAsync(run.Id, f, cancellationToken))));
        return entity;
    }

    /// <summary>The bytes of a file the run returned; null when the run lists no such file.</summary>
    public async Task<BinaryData?> GetOutputFileAsync(RunRecord run, string name, CancellationToken cancellationToken)
    {
        if (run.Result.OutputFiles?.Any(f => f.Name == name) != true)
            return null;
        var content = await clients.RunData.GetBlobClient(RunOutputFile.BlobName(run.Id, name)).DownloadContentAsync(cancellationToken);
        return content.Value.Content;
    }

    private async Task UploadFileAsync(string id, RunOutputFile file, CancellationToken cancellationToken)
    {
        var options = new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = file.MediaType },
        };
        await clients.RunData.GetBlobClient(RunOutputFile.BlobName(id, file.Name)).UploadAsync(BinaryData.FromBytes(file.Content!), options, cancellationToken);
    }

    private async Task SpillAsync(TableEntity entity, string id, string field, CancellationToken cancellationToken)
    {
        if (entity.GetString(field) is not { Length: > InlineTextLimit } text)
            return;
        var blobName = $"{id}/{field}";
        await clients.RunData.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken);
        entity[field] = null;
        entity[field + "Blob"] = blobName;
    }

    private async Task<RunRecord> FromEntityAsync(TableEntity entity, bool includeInputs, CancellationToken cancellationToken)
    {
        var texts = includeInputs ? RunEntityMapper.InputTexts.Concat(RunEntityMapper.OutputTexts) : RunEntityMapper.OutputTexts;
        await Task.WhenAll(texts.Select(field => LoadAsync(entity, field, cancellationToken)));
        return RunEntityMapper.FromEntity(entity, includeInputs);
    }

    /// <summary>Puts a spilled text back in its column, for the mapper to read.</summary>
    private async Task LoadAsync(TableEntity entity, string field, CancellationToken cancellationToken)
    {
        var blobName = entity.GetString(field + "Blob");
        if (string.IsNullOrEmpty(blobName))
            return;
        var content = await clients.RunData.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        entity[field] = Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
    }
}
