using System.Text.Json;
using Neuron.Functions.Runs;

namespace Neuron.Functions.UnitTests.Runs;

/// <summary>The JSON of <c>GET /api/runs/{id}</c>: flat, in this order, whatever the result record looks like inside.</summary>
public sealed class RunDocumentTests
{
    private static readonly string[] TopLevel =
    [
        "id", "status", "verdict", "language", "version", "stdout", "stderr", "compileOutput", "stdoutTruncated", "stderrTruncated",
        "exitCode", "signal", "timeMs", "cpuMs", "memoryKb", "compileCached", "runtime", "tests", "outputFiles", "omittedOutputFiles", "omittedOutputFileCount", "limits", "error", "createdAt", "startedAt", "finishedAt", "webhook",
    ];

    private static JsonElement Serialized(RunRecord run) =>
        JsonSerializer.SerializeToElement(RunDocument.From(run), FunctionsJsonContext.Default.RunDocument);

    [Fact]
    public void Document_HasExactlyTheFlatTopLevelFields_InOrder()
    {
        var json = Serialized(RunEntityMapperTests.Finished());

        Assert.Equal(TopLevel, json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Document_CarriesTheRunAndItsResult()
    {
        var json = Serialized(RunEntityMapperTests.Finished());

        Assert.Equal("out\n", json.GetProperty("stdout").GetString());
        Assert.Equal(21, json.GetProperty("timeMs").GetInt32());
        Assert.Equal(5_000_000_000, json.GetProperty("memoryKb").GetInt64());
        Assert.True(json.GetProperty("stderrTruncated").GetBoolean());
        Assert.Equal("runtime_error", json.GetProperty("verdict").GetString());
        Assert.Equal(2_000, json.GetProperty("limits").GetProperty("timeMs").GetInt32());
        Assert.Equal("an error", json.GetProperty("error").GetString());
        Assert.Equal("2026-11-29T12:00:03+00:00", json.GetProperty("finishedAt").GetString());
    }

    [Fact]
    public void Webhook_ShowsTheDeliveryState_ButNeitherItsFormatNorItsLease()
    {
        var json = Serialized(RunEntityMapperTests.Finished()).GetProperty("webhook");

        Assert.Equal(["url", "state", "attempts", "lastAttemptAt", "lastStatus", "lastError", "nextAttemptAt", "deliveredAt"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("pending", 2, 503), (json.GetProperty("state").GetString(), json.GetProperty("attempts").GetInt32(), json.GetProperty("lastStatus").GetInt32()));
        Assert.Equal(JsonValueKind.Null, Serialized(RunEntityMapperTests.Finished() with { Callback = null }).GetProperty("webhook").ValueKind);
    }

    [Fact]
    public void QueuedRunsDocument_HasTheSameFields_WithEmptyOutputAndNullMeasures()
    {
        var queued = RunEntityMapperTests.Finished() with { Status = RunStatus.Queued, Verdict = null, Result = RunResult.None, FinishedAt = null };

        var json = Serialized(queued);

        Assert.Equal(TopLevel, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("", false, JsonValueKind.Null, JsonValueKind.Null),
            (json.GetProperty("stdout").GetString(), json.GetProperty("stdoutTruncated").GetBoolean(), json.GetProperty("timeMs").ValueKind, json.GetProperty("verdict").ValueKind));
    }

    [Fact]
    public void Document_ReadsBack_WithPlainWebJsonOptions_AsClientsDo()
    {
        var document = RunDocument.From(RunEntityMapperTests.Finished());
        var json = JsonSerializer.Serialize(document, FunctionsJsonContext.Default.RunDocument);

        var back = JsonSerializer.Deserialize<RunDocument>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Equal(document.Tests, back.Tests);
        Assert.Equal(document.OutputFiles, back.OutputFiles);
        Assert.Equal(document.OmittedOutputFiles, back.OmittedOutputFiles);
        Assert.Equal(document with { Tests = null, OutputFiles = null, OmittedOutputFiles = null }, back with { Tests = null, OutputFiles = null, OmittedOutputFiles = null });
    }
}
