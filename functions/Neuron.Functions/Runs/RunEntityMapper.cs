using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// A <see cref="RunRecord"/> as a row of the <c>runs</c> table, and back: the one place that names its columns (the
/// result's among them, <see cref="WriteResult"/>). Pure: the texts are written whole here, and <see cref="RunStore"/>
/// moves those too long for a table property to blobs (and back) around it. The column names are the stored rows'
/// and must not change.
/// </summary>
public static class RunEntityMapper
{
    public const string RowKey = "run";

    /// <summary>The inputs, written once (on insert) and read only by the dispatcher.</summary>
    public static readonly IReadOnlyList<string> InputTexts =
        [nameof(RunRecord.Source), nameof(RunRecord.Stdin), nameof(RunRecord.ExpectedOutput), nameof(RunRecord.Files), TestInputsColumn];

    /// <summary>The callback and its delivery state, as one JSON text (a merge cannot clear a column, a rewritten text can).</summary>
    public const string CallbackColumn = "Callback";

    /// <summary>The outputs; <see cref="RunResult.Tests"/> is JSON (each case's outputs bounded by the runner).</summary>
    public static readonly IReadOnlyList<string> OutputTexts =
        [nameof(RunResult.Stdout), nameof(RunResult.Stderr), nameof(RunResult.CompileOutput), nameof(RunResult.Tests)];

    /// <summary>The test cases' inputs (JSON); "Tests" holds their results.</summary>
    private const string TestInputsColumn = "TestInputs";

    /// <summary>The row of <paramref name="run"/>; the inputs go too when <paramref name="writeInputs"/> (on insert: a replace, a merge, leaves them as they are).</summary>
    public static TableEntity ToEntity(RunRecord run, bool writeInputs)
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
            ["Error"] = run.Error,
            ["CreatedAt"] = run.CreatedAt,
            ["QueuedAt"] = run.QueuedAt,
            ["StartedAt"] = run.StartedAt,
            ["FinishedAt"] = run.FinishedAt,
            ["LeaseUntil"] = run.LeaseUntil,
            ["Attempts"] = run.Attempts,
            ["Requeues"] = run.Requeues,
        };
        PutCallback(entity, run.Callback);
        if (writeInputs)
        {
            entity["Args"] = run.Args is null ? null : JsonSerializer.Serialize(run.Args, FunctionsJsonContext.Default.IReadOnlyListString);
            PutText(entity, nameof(RunRecord.Source), run.Source);
            PutText(entity, nameof(RunRecord.Stdin), run.Stdin);
            PutText(entity, nameof(RunRecord.ExpectedOutput), run.ExpectedOutput);
            entity["HasExpectedOutput"] = run.ExpectedOutput is not null; // "" (expect no output) is not "no expectation"
            PutText(entity, nameof(RunRecord.Files), run.Files is null ? null : JsonSerializer.Serialize(run.Files, FunctionsJsonContext.Default.IReadOnlyListSourceFile));
            PutText(entity, TestInputsColumn, run.Tests is null ? null : JsonSerializer.Serialize(run.Tests, FunctionsJsonContext.Default.IReadOnlyListTestCaseInput));
            entity[nameof(RunRecord.StopOnFirstFailure)] = run.StopOnFirstFailure;
        }
        WriteResult(entity, run.Result);
        return entity;
    }

    /// <summary>
    /// <paramref name="run"/> as a read of its row without its inputs would return it (<c>RunStore.GetAsync</c>), for a
    /// run just written here: no source, stdin or args, output files without their bytes.
    /// </summary>
    public static RunRecord AsRead(RunRecord run) => FromEntity(ToEntity(run, writeInputs: false), includeInputs: false) with { ETag = run.ETag };

    /// <summary>The run in row <paramref name="e"/>; without <paramref name="includeInputs"/> (inputs not read) it has no source, stdin or args.</summary>
    public static RunRecord FromEntity(TableEntity e, bool includeInputs)
    {
        var args = includeInputs ? e.GetString("Args") : null;
        var expected = includeInputs ? e.GetString(nameof(RunRecord.ExpectedOutput)) : null;
        var files = includeInputs ? e.GetString(nameof(RunRecord.Files)) : null;
        var tests = includeInputs ? e.GetString(TestInputsColumn) : null;
        return new RunRecord
        {
            Id = e.PartitionKey,
            Status = e.GetString("Status"),
            Verdict = e.GetString("Verdict"),
            Language = e.GetString("Language"),
            Version = e.GetString("Version") ?? "",
            Limits = new RunLimits(e.GetInt32("LimitTimeMs"), e.GetInt32("LimitMemoryMb"), e.GetInt32("LimitOutputKb")),
            Source = (includeInputs ? e.GetString(nameof(RunRecord.Source)) : null) ?? "",
            Stdin = includeInputs ? e.GetString(nameof(RunRecord.Stdin)) : null,
            ExpectedOutput = expected ?? (e.GetBoolean("HasExpectedOutput") == true ? "" : null),
            Args = args is null ? null : JsonSerializer.Deserialize(args, FunctionsJsonContext.Default.IReadOnlyListString),
            Files = files is null ? null : JsonSerializer.Deserialize(files, FunctionsJsonContext.Default.IReadOnlyListSourceFile),
            Tests = tests is null ? null : JsonSerializer.Deserialize(tests, FunctionsJsonContext.Default.IReadOnlyListTestCaseInput),
            StopOnFirstFailure = includeInputs && (e.GetBoolean(nameof(RunRecord.StopOnFirstFailure)) ?? false),
            SessionId = e.GetString("SessionId"),
            Caller = e.GetString("Caller"),
            KeyId = e.GetString("KeyId"),
            Callback = e.GetString(CallbackColumn) is { } callback ? JsonSerializer.Deserialize(callback, FunctionsJsonContext.Default.RunCallback) : null,
            Result = ReadResult(e),
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

    /// <summary>Only the callback column of <paramref name="run"/>'s row, for a merge that changes nothing else.</summary>
    public static TableEntity ToCallbackEntity(RunRecord run)
    {
        var entity = new TableEntity(run.Id, RowKey);
        PutCallback(entity, run.Callback);
        return entity;
    }

    private static void PutCallback(TableEntity entity, RunCallback? callback)
    {
        if (callback is not null)
            entity[CallbackColumn] = JsonSerializer.Serialize(callback, FunctionsJsonContext.Default.RunCallback);
    }

    /// <summary>The result's columns: named as its properties, as the rows stored before it was one record.</summary>
    private static void WriteResult(TableEntity entity, RunResult result)
    {
        PutText(entity, nameof(RunResult.Stdout), result.Stdout);
        PutText(entity, nameof(RunResult.Stderr), result.Stderr);
        PutText(entity, nameof(RunResult.CompileOutput), result.CompileOutput);
        entity[nameof(RunResult.StdoutTruncated)] = result.StdoutTruncated;
        entity[nameof(RunResult.StderrTruncated)] = result.StderrTruncated;
        entity[nameof(RunResult.ExitCode)] = result.ExitCode;
        entity[nameof(RunResult.Signal)] = result.Signal;
        entity[nameof(RunResult.TimeMs)] = result.TimeMs;
        entity[nameof(RunResult.CpuMs)] = result.CpuMs;
        entity[nameof(RunResult.MemoryKb)] = result.MemoryKb;
        entity[nameof(RunResult.CompileCached)] = result.CompileCached;
        entity[nameof(RunResult.Runtime)] = result.Runtime;
        PutText(entity, nameof(RunResult.Tests), result.Tests is null ? null : JsonSerializer.Serialize(result.Tests, FunctionsJsonContext.Default.IReadOnlyListTestCaseResult));
        // The files' names, sizes and types; their bytes are blobs (RunStore).
        PutText(entity, nameof(RunResult.OutputFiles), result.OutputFiles is null ? null : JsonSerializer.Serialize(result.OutputFiles, FunctionsJsonContext.Default.IReadOnlyListRunOutputFile));
        PutText(entity, nameof(RunResult.OmittedOutputFiles), result.OmittedOutputFiles is null ? null : JsonSerializer.Serialize(result.OmittedOutputFiles, FunctionsJsonContext.Default.IReadOnlyListOmittedOutputFile));
        entity[nameof(RunResult.OmittedOutputFileCount)] = result.OmittedOutputFileCount;
    }

    private static RunResult ReadResult(TableEntity e) => new()
    {
        Tests = e.GetString(nameof(RunResult.Tests)) is { } tests ? JsonSerializer.Deserialize(tests, FunctionsJsonContext.Default.IReadOnlyListTestCaseResult) : null,
        Stdout = e.GetString(nameof(RunResult.Stdout)) ?? "",
        Stderr = e.GetString(nameof(RunResult.Stderr)) ?? "",
        CompileOutput = e.GetString(nameof(RunResult.CompileOutput)) ?? "",
        StdoutTruncated = e.GetBoolean(nameof(RunResult.StdoutTruncated)) ?? false,
        StderrTruncated = e.GetBoolean(nameof(RunResult.StderrTruncated)) ?? false,
        ExitCode = e.GetInt32(nameof(RunResult.ExitCode)),
        Signal = e.GetInt32(nameof(RunResult.Signal)),
        TimeMs = e.GetInt32(nameof(RunResult.TimeMs)),
        CpuMs = e.GetInt32(nameof(RunResult.CpuMs)),
        MemoryKb = e.GetInt64(nameof(RunResult.MemoryKb)),
        CompileCached = e.GetBoolean(nameof(RunResult.CompileCached)) ?? false,
        Runtime = e.GetString(nameof(RunResult.Runtime)),
        OutputFiles = e.GetString(nameof(RunResult.OutputFiles)) is { } files ? JsonSerializer.Deserialize(files, FunctionsJsonContext.Default.IReadOnlyListRunOutputFile) : null,
        OmittedOutputFiles = e.GetString(nameof(RunResult.OmittedOutputFiles)) is { } omitted ? JsonSerializer.Deserialize(omitted, FunctionsJsonContext.Default.IReadOnlyListOmittedOutputFile) : null,
        OmittedOutputFileCount = e.GetInt32(nameof(RunResult.OmittedOutputFileCount)) ?? 0,
    };

    /// <summary>Absent means empty: merges never need to clear a text (they cannot: nulls are not sent).</summary>
    private static void PutText(TableEntity entity, string column, string? text)
    {
        if (!string.IsNullOrEmpty(text))
            entity[column] = text;
    }
}
