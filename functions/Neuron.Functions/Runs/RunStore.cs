using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Storage;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// Reads and writes <see cref="RunRecord"/>s. Text fields longer than <see cref="InlineTextLimit"/> characters
/// (Azurite caps string properties at 32 K characters, Azure at 64 KiB) spill to a blob <c>{id}/{field}</c>
/// written before the entity that points at it, so an entity never references a missing blob.
/// </summary>
public sealed class RunStore(StorageClients clients, StorageInitializer initializer)
{
    public const int InlineTextLimit = 30_000;
    public const string RowKey = "run";

    private static readonly string[] InputFields = ["Source", "Stdin", "ExpectedOutput"];
    private static readonly string[] OutputFields = ["Stdout", "Stderr", "CompileOutput"];

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
        var entity = new TableEntity(run.Id, RowKey)
        {
            ["Status"] = run.Status,
            ["Verdict"] = run.Verdict,
            ["Language"] = run.Language,
            ["Version"] = run.Version,
            ["LimitTimeMs"] = run.Limits.TimeMs,
            ["LimitMemoryMb"] = run.Limits.MemoryMb,
            ["LimitOutputKb"] = run.Limits.OutputKb,
            ["SessionId"] = run.SessionId,
            ["Caller"] = run.Caller,
            ["KeyId"] = run.KeyId,
            ["StdoutTruncated"] = run.StdoutTruncated,
            ["StderrTruncated"] = run.StderrTruncated,
            ["ExitCode"] = run.ExitCode,
            ["Signal"] = run.Signal,
            ["TimeMs"] = run.TimeMs,
            ["CpuMs"] = run.CpuMs,
            ["MemoryKb"] = run.MemoryKb,
            ["Error"] = run.Error,
            ["CreatedAt"] = run.CreatedAt,
            ["QueuedAt"] = run.QueuedAt,
            ["StartedAt"] = run.StartedAt,
            ["FinishedAt"] = run.FinishedAt,
            ["LeaseUntil"] = run.LeaseUntil,
            ["Attempts"] = run.Attempts,
            ["Requeues"] = run.Requeues,
        };
        var texts = new List<Task>();
        if (writeInputs)
        {
            entity["Args"] = run.Args is null ? null : JsonSerializer.Serialize(run.Args, FunctionsJsonContext.Default.IReadOnlyListString);
            texts.Add(PutTextAsync(entity, run.Id, "Source", run.Source, cancellationToken));
            texts.Add(PutTextAsync(entity, run.Id, "Stdin", run.Stdin, cancellationToken));
            texts.Add(PutTextAsync(entity, run.Id, "ExpectedOutput", run.ExpectedOutput, cancellationToken));
            entity["HasExpectedOutput"] = run.ExpectedOutput is not null; // "" (expect no output) is not "no expectation"
        }
        texts.Add(PutTextAsync(entity, run.Id, "Stdout", run.Stdout, cancellationToken));
        texts.Add(PutTextAsync(entity, run.Id, "Stderr", run.Stderr, cancellationToken));
        texts.Add(PutTextAsync(entity, run.Id, "CompileOutput", run.CompileOutput, cancellationToken));
        await Task.WhenAll(texts);
        return entity;
    }

    private async Task PutTextAsync(TableEntity entity, string id, string field, string? text, CancellationToken cancellationToken)
    {
        // Absent means empty: merges never need to clear a property (they cannot: nulls are not sent).
        if (string.IsNullOrEmpty(text))
            return;
        if (text.Length <= InlineTextLimit)
        {
            entity[field] = text;
            return;
        }
        var blobName = $"{id}/{field}";
        await clients.RunData.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken);
        entity[field] = null;
        entity[field + "Blob"] = blobName;
    }

    private async Task<string?> GetTextAsync(TableEntity entity, string field, CancellationToken cancellationToken)
    {
        var blobName = entity.GetString(field + "Blob");
        if (string.IsNullOrEmpty(blobName))
            return entity.GetString(field);
        var content = await clients.RunData.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
    }

    private async Task<RunRecord> FromEntityAsync(TableEntity e, bool includeInputs, CancellationToken cancellationToken)
    {
        var fields = includeInputs ? [.. InputFields, .. OutputFields] : OutputFields;
        var texts = await Task.WhenAll(fields.Select(f => GetTextAsync(e, f, cancellationToken)));
        var text = fields.Zip(texts).ToDictionary(p => p.First, p => p.Second);
        var args = e.GetString("Args");
        return new RunRecord
        {
            Id = e.PartitionKey,
            Status = e.GetString("Status"),
            Verdict = e.GetString("Verdict"),
            Language = e.GetString("Language"),
            Version = e.GetString("Version") ?? "",
            Limits = new RunLimits(e.GetInt32("LimitTimeMs"), e.GetInt32("LimitMemoryMb"), e.GetInt32("LimitOutputKb")),
            Source = text.GetValueOrDefault("Source") ?? "",
            Stdin = text.GetValueOrDefault("Stdin"),
            ExpectedOutput = text.GetValueOrDefault("ExpectedOutput") ?? (e.GetBoolean("HasExpectedOutput") == true ? "" : null),
            Args = includeInputs && args is not null ? JsonSerializer.Deserialize(args, FunctionsJsonContext.Default.IReadOnlyListString) : null,
            SessionId = e.GetString("SessionId"),
            Caller = e.GetString("Caller"),
            KeyId = e.GetString("KeyId"),
            Stdout = text["Stdout"] ?? "",
            Stderr = text["Stderr"] ?? "",
            CompileOutput = text["CompileOutput"] ?? "",
            StdoutTruncated = e.GetBoolean("StdoutTruncated") ?? false,
            StderrTruncated = e.GetBoolean("StderrTruncated") ?? false,
            ExitCode = e.GetInt32("ExitCode"),
            Signal = e.GetInt32("Signal"),
            TimeMs = e.GetInt32("TimeMs"),
            CpuMs = e.GetInt32("CpuMs"),
            MemoryKb = e.GetInt64("MemoryKb"),
            Error = e.GetString("Error"),
            CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
            QueuedAt = e.GetDateTimeOffset("QueuedAt") ?? default,
            StartedAt = e.GetDateTimeOffset("StartedAt"),
            FinishedAt = e.GetDateTimeOffset("FinishedAt"),
            LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
            Attempts = e.GetInt32("Attempts") ?? 0,
            Requeues = e.GetInt32("Requeues") ?? 0,
            ETag = e.ETag,
        };
    }
}
