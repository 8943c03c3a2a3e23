using System.Net;
using System.Text;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Runs;

/// <summary>
/// Output files from the runner to the run document and <c>GET /api/runs/{id}/files/{name}</c>: stored as run-data
/// blobs, listed by the row, served with the sniffed type and headers that keep a browser from reinterpreting them.
/// </summary>
public sealed class OutputFilesTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    private const string SvgWithScript = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";
    private const string HtmlNamedPng = "<html><script>alert(document.cookie)</script></html>";

    private static ExecuteResult WithFiles(ExecuteRequest request) => new()
    {
        Verdict = Verdicts.Ok,
        Language = "python",
        Version = StubRunner.PythonVersion,
        OutputFiles =
        [
            new OutputFile("data.csv", 8, OutputFileLimits.Csv, Encoding.UTF8.GetBytes("x,y\n1,2\n")),
            new OutputFile("fake.png", HtmlNamedPng.Length, OutputFileLimits.Text, Encoding.UTF8.GetBytes(HtmlNamedPng)),
            new OutputFile("plot.png", Png.Length, OutputFileLimits.Png, Png),
            new OutputFile("vector.svg", SvgWithScript.Length, OutputFileLimits.Svg, Encoding.UTF8.GetBytes(SvgWithScript)),
        ],
        OmittedOutputFiles = [new OmittedOutputFile("passwd", "symlink")],
        OmittedOutputFileCount = 1,
    };

    [Fact]
    public async Task RunDocument_ListsTheFiles_AndEachIsServedWithItsSniffedTypeAndSafeHeaders()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        runner.Respond = WithFiles;
        var http = app.CreateClient();

        var run = await (await http.SubmitAsync(Client.Python(), "?wait=10")).RunAsync();
        var read = await http.GetRunAsync(run.Id);

        foreach (var document in new[] { run, read })
        {
            Assert.Equal(["data.csv", "fake.png", "plot.png", "vector.svg"], document.OutputFiles!.Select(f => f.Name));
            Assert.Equal([OutputFileLimits.Csv, OutputFileLimits.Text, OutputFileLimits.Png, OutputFileLimits.Svg], document.OutputFiles!.Select(f => f.MediaType));
            Assert.Equal(Png.Length, document.OutputFiles![2].Size);
            Assert.Equal([new OmittedOutputFile("passwd", "symlink")], document.OmittedOutputFiles);
            Assert.Equal(1, document.OmittedOutputFileCount);
        }

        var plot = await http.GetAsync($"/api/runs/{run.Id}/files/plot.png");
        Assert.Equal(HttpStatusCode.OK, plot.StatusCode);
        Assert.Equal(Png, await plot.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", plot.Content.Headers.ContentType!.ToString());
        Assert.Equal("nosniff", plot.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", plot.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal(RunFilesApi.ContentSecurityPolicy, plot.Headers.GetValues("Content-Security-Policy").Single());

        // An SVG with script: an image (for <img>), under a CSP that sandboxes it if opened on its own.
        var svg = await http.GetAsync($"/api/runs/{run.Id}/files/vector.svg");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.ToString());
        Assert.Contains("sandbox", svg.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", svg.Headers.GetValues("X-Content-Type-Options").Single());

        // An HTML page named .png: plain text, a download, never sniffed into HTML.
        var fake = await http.GetAsync($"/api/runs/{run.Id}/files/fake.png");
        Assert.Equal("text/plain; charset=utf-8", fake.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", fake.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("fake.png", fake.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal("nosniff", fake.Headers.GetValues("X-Content-Type-Options").Single());

        var csv = await http.GetAsync($"/api/runs/{run.Id}/files/data.csv");
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);

        // The bytes are a blob beside the run's large outputs; the row lists only names, sizes and types.
        var blob = app.Storage.RunData.GetBlobClient(RunOutputFile.BlobName(run.Id, "plot.png"));
        Assert.Equal(Png, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var row = (await app.RunsTable.GetEntityAsync<Azure.Data.Tables.TableEntity>(run.Id, RunStore.RowKey)).Value;
        Assert.DoesNotContain("alert", row.GetString("OutputFiles"));
    }

    [Fact]
    public async Task AFileTheRunDoesNotList_AnotherKeysRun_AndAPathAreNotFound()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        runner.Respond = WithFiles;
        var http = app.CreateClient();
        var run = await (await http.SubmitAsync(Client.Python(), "?wait=10")).RunAsync();
        var other = await app.CreateKeyAsync(new { kind = "secret", name = "other" });

        await AssertProblemAsync(await http.GetAsync($"/api/runs/{run.Id}/files/passwd"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await http.GetAsync($"/api/runs/{run.Id}/files/..%2FStdout"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await app.ClientWithKey(other.Key).GetAsync($"/api/runs/{run.Id}/files/plot.png"), HttpStatusCode.NotFound, "not-found");
        await AssertProblemAsync(await http.GetAsync("/api/runs/nope/files/plot.png"), HttpStatusCode.BadRequest, "invalid-run-id");
    }
}
