using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Runs;

/// <summary><c>POST /api/runs/batch</c> (all runs or none) and <c>GET /api/runs?ids=</c> (only the caller's runs).</summary>
public sealed class RunBatchTests
{
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    private static object Batch(params object[] runs) => new { runs };

    private static object Run(int i) => Client.Python(source: "print(input())", stdin: $"run {i}\n");

    private static async Task<RunBatchDocument> BatchAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<RunBatchDocument>(Client.Json))!;

    [Fact]
    public async Task Batch_RunsEveryRun_AndAnswersThemInOrder()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();

        var response = await http.PostAsync("/api/runs/batch?wait=20", Client.JsonBody(Batch([.. Enumerable.Range(0, 20).Select(Run)])));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var batch = await BatchAsync(response);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"run {i}\n"), batch.Runs.Select(r => r.Stdout));
        Assert.All(batch.Runs, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(20, batch.Runs.Select(r => r.Id).Distinct().Count());
        Assert.Equal(20, runner.ExecuteCalls);
    }

    [Fact]
    public async Task OneInvalidRun_RefusesTheWholeBatch_NamingIt()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "batch", dailyRunQuota = 10 });
        var http = app.ClientWithKey(key.Key);

        var response = await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch(Run(0), Run(1), new { language = "cobol", source = "x" }, Run(3))));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "unknown-language");
        Assert.Equal(2, problem.GetProperty("index").GetInt32());
        Assert.StartsWith("runs[2]: ", problem.GetProperty("detail").GetString());
        Assert.Empty(await app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(0, (await app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        // Nothing was taken from the quota: the ten runs are all still there.
        var accepted = await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch([.. Enumerable.Range(0, 8).Select(Run)])));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch(Run(8), Run(9))))).StatusCode);
    }

    [Fact]
    public async Task Batch_CountsEachRunAgainstTheQuota_AllOrNone()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "batch", dailyRunQuota = 5, maxInFlight = 20 });
        var http = app.ClientWithKey(key.Key);

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch(Run(0), Run(1), Run(2))))).StatusCode);
        var refused = await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch(Run(3), Run(4), Run(5))));

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "quota-exceeded");
        Assert.Equal(3, (await app.RunsTable.QueryAsync<TableEntity>().ToListAsync()).Count);
        // The two runs left can still be had, one way or the other.
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch(Run(3))))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Run(4))).StatusCode);
        await AssertProblemAsync(await http.SubmitAsync(Run(5)), HttpStatusCode.TooManyRequests, "quota-exceeded");
    }

    [Fact]
    public async Task Batch_NeedsAPlaceInFlightForEachRun_AndTakesNoneWithoutAll()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "batch", maxInFlight = 4 });
        var http = app.ClientWithKey(key.Key);

        var refused = await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch([.. Enumerable.Range(0, 5).Select(Run)])));

        var problem = await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "too-many-in-flight");
        Assert.Equal(4, problem.GetProperty("maxInFlight").GetInt32());
        Assert.Empty(await app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/runs/batch", Client.JsonBody(Batch([.. Enumerable.Range(0, 4).Select(Run)])))).StatusCode);
    }

    [Theory]
    [InlineData("""{"runs":[]}""", "invalid-batch")]
    [InlineData("""{}""", "invalid-batch")]
    [InlineData("""{"runs":[null]}""", "invalid-batch")]
    [InlineData("""{"runs":[{"language":"python","source":"print(1)","sessionId":"s1"}]}""", "invalid-batch")]
    public async Task MalformedBatch_IsAProblem(string body, string slug)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);

        var response = await app.CreateClient().PostAsync("/api/runs/batch", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, slug);
    }

    [Fact]
    public async Task BatchOfMoreThanTwenty_IsRefused()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);

        var response = await app.CreateClient().PostAsync("/api/runs/batch", Client.JsonBody(Batch([.. Enumerable.Range(0, 21).Select(Run)])));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-batch");
        Assert.Empty(await app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task GetRuns_AnswersTheCallersRuns_AndListsTheOthersAsNotFound()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var mine = app.CreateClient();
        var other = app.ClientWithKey((await app.CreateKeyAsync(new { kind = "secret", name = "other" })).Key);
        var a = await (await mine.SubmitAsync(Run(1), "?wait=10")).RunAsync();
        var b = await (await mine.SubmitAsync(Run(2), "?wait=10")).RunAsync();
        var theirs = await (await other.SubmitAsync(Run(3), "?wait=10")).RunAsync();
        const string unknown = "0193a5b2c4d87e6f9a0b1c2d3e4f5a6b";

        var list = await mine.GetFromJsonAsync<RunListDocument>($"/api/runs?ids={b.Id},{unknown},{a.Id},{theirs.Id}", Client.Json);

        Assert.Equal([b.Id, a.Id], list!.Runs.Select(r => r.Id));
        Assert.Equal(["run 2\n", "run 1\n"], list.Runs.Select(r => r.Stdout));
        Assert.Equal([unknown, theirs.Id], list.NotFound);
    }

    [Theory]
    [InlineData("/api/runs")]
    [InlineData("/api/runs?ids=")]
    [InlineData("/api/runs?ids=not-an-id")]
    public async Task GetRuns_WithoutValidIds_IsAProblem(string path)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);

        await AssertProblemAsync(await app.CreateClient().GetAsync(path), HttpStatusCode.BadRequest, "invalid-run-ids");
    }

    [Fact]
    public async Task GetRuns_OfMoreThanTwentyIds_IsAProblem()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var ids = string.Join(',', Enumerable.Range(0, 21).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)));

        var problem = await AssertProblemAsync(await app.CreateClient().GetAsync($"/api/runs?ids={ids}"), HttpStatusCode.BadRequest, "invalid-run-ids");
        Assert.Contains("1 to 20", problem.GetProperty("detail").GetString());
    }
}
