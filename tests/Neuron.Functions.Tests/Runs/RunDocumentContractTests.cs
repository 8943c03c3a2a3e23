using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Runs;

/// <summary>What clients read of a run: embed.js, the playground and customers read these top-level fields.</summary>
public sealed class RunDocumentContractTests
{
    public static readonly string[] TopLevelFields =
    [
        "id", "status", "verdict", "language", "version", "stdout", "stderr", "compileOutput", "stdoutTruncated", "stderrTruncated",
        "exitCode", "signal", "timeMs", "cpuMs", "memoryKb", "compileCached", "runtime", "tests", "outputFiles", "omittedOutputFiles", "omittedOutputFileCount", "limits", "error", "createdAt", "startedAt", "finishedAt", "webhook",
    ];

    [Fact]
    public async Task GetRun_AnswersTheFlatDocument_InItsOrder()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python(stdin: "42\n"), "?wait=10")).RunAsync();

        using var document = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{submitted.Id}"));

        Assert.Equal(TopLevelFields, document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("42\n", document.RootElement.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Number, document.RootElement.GetProperty("timeMs").ValueKind);
    }

    [Fact]
    public async Task OpenApiDocument_ListsEveryFieldOfTheRunDocument()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var openApi = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/openapi.json");

        var schema = openApi.GetProperty("components").GetProperty("schemas").GetProperty("RunDocument");
        Assert.Equal(TopLevelFields.Order(), schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(TopLevelFields.Order(), schema.GetProperty("required").EnumerateArray().Select(p => p.GetString()).Order());
        Assert.Equal("boolean", schema.GetProperty("properties").GetProperty("stdoutTruncated").GetProperty("type").GetString());
    }
}
