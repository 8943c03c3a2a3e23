using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Api;

public sealed class ValidationTests : IAsyncLifetime
{
    private StubRunner _runner = null!;
    private FunctionsApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _runner = await StubRunner.StartAsync();
        _app = await FunctionsApp.StartAsync(_runner.Url);
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _runner.DisposeAsync();
    }

    public static TheoryData<string, string, object?, int> BadSubmissions() => new()
    {
        { "unknown language", "application/json", new { language = "cobol", source = "x" }, 400 },
        { "missing language", "application/json", new { source = "x" }, 400 },
        { "empty source", "application/json", new { language = "python", source = "" }, 400 },
        { "blank source", "application/json", new { language = "python", source = "  \n" }, 400 },
        { "source over 64 KiB", "application/json", new { language = "python", source = new string('x', 64 * 1024 + 1) }, 413 },
        { "stdin over 1 MiB", "application/json", new { language = "python", source = "x", stdin = new string('x', 1024 * 1024 + 1) }, 413 },
        { "time limit too high", "application/json", new { language = "python", source = "x", limits = new { timeMs = 1_000_000 } }, 400 },
        { "memory limit zero", "application/json", new { language = "python", source = "x", limits = new { memoryMb = 0 } }, 400 },
        { "output limit negative", "application/json", new { language = "python", source = "x", limits = new { outputKb = -1 } }, 400 },
        { "malformed JSON", "application/json", null, 400 },
        { "wrong content type", "text/plain", new { language = "python", source = "x" }, 415 },
        { "bad session id", "application/json", new { language = "python", source = "x", sessionId = "a/b" }, 400 },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task BadSubmission_GetsItsStatusAndAProblem_AndIsNotStored(string why, string contentType, object? body, int status)
    {
        var text = body is null ? "{\"language\": \"python\", " : JsonSerializer.Serialize(body, Client.Json);

        var response = await _http.PostAsync("/api/runs", new StringContent(text, Encoding.UTF8, contentType));

        Assert.True(status == (int)response.StatusCode, $"{why}: {(int)response.StatusCode}");
        await AssertProblemAsync(response, status);
        Assert.Empty(await _app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
        Assert.Equal(0, (await _app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task UnknownLanguage_ListsTheValidOnes()
    {
        var response = await _http.SubmitAsync(new { language = "cobol", source = "x" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var languages = problem.GetProperty("languages").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("python", languages);
        Assert.Contains("cpp", languages);
    }

    [Theory]
    [InlineData("/api/runs/not-a-run-id", 400)]
    [InlineData("/api/runs/0193A5B2C4D87E6F9A0B1C2D3E4F5A6B", 400)]
    [InlineData("/api/runs/0193a5b2c4d87e6f9a0b1c2d3e4f5a6b", 404)]
    [InlineData("/api/runs/0193a5b2c4d87e6f9a0b1c2d3e4f5a6b?wait=31", 400)]
    [InlineData("/api/runs/0193a5b2c4d87e6f9a0b1c2d3e4f5a6b?wait=abc", 400)]
    public async Task BadRunLookup_GetsItsStatusAndAProblem(string path, int status)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        await AssertProblemAsync(response, status);
    }

    [Fact]
    public async Task AliasAndDefaults_AreResolvedFromTheLanguage()
    {
        var run = await (await _http.SubmitAsync(new { language = "PY", source = "x", limits = new { timeMs = 3000 } })).RunAsync();

        Assert.Equal("python", run.Language);
        Assert.Equal(3000, run.Limits.TimeMs);
        Assert.Equal(StubRunner.Languages[0].DefaultLimits.MemoryMb, run.Limits.MemoryMb);
    }

    [Fact]
    public async Task EveryAcceptedRun_ReachesAFinalStatus()
    {
        var accepted = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            await (await _http.SubmitAsync(Client.Python(stdin: $"{i}\n"))).RunAsync()));

        foreach (var run in accepted)
        {
            var final = await _http.WaitFinalAsync(run.Id, TimeSpan.FromSeconds(20));
            Assert.Equal(RunStatus.Completed, final.Status);
        }
        Assert.Equal(12, _runner.ExecuteCalls);
    }

    [Fact]
    public async Task Submit_Is503AndKeepsNothing_WhenStorageIsDown()
    {
        var deadPort = FreePort.Next();
        var dead = $"DefaultEndpointsProtocol=http;AccountName={AzuriteProcess.AccountName};AccountKey={AzuriteProcess.AccountKey};" +
                   $"BlobEndpoint=http://127.0.0.1:{deadPort}/{AzuriteProcess.AccountName};QueueEndpoint=http://127.0.0.1:{deadPort}/{AzuriteProcess.AccountName};" +
                   $"TableEndpoint=http://127.0.0.1:{deadPort}/{AzuriteProcess.AccountName};";
        await using var app = await FunctionsApp.StartAsync(_runner.Url, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = dead }, prepare: false);

        var response = await app.CreateClient().SubmitAsync(Client.Python());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        await AssertProblemAsync(response, 503);
    }

    [Theory]
    [InlineData("{\"language\":\"python\",\"source\":\"x\",\"limits\":\"abc\"}", "$.limits")]
    [InlineData("{\"language\":\"python\",\"source\":\"x\",\"limits\":{\"timeMs\":\"fast\"}}", "$.limits.timeMs")]
    [InlineData("{\"language\":\"python\",\"source\":\"x\",\"limits\":{\"timeMs\":1e99}}", "$.limits.timeMs")]
    [InlineData("{\"language\":\"python\",\"source\":\"x\",\"args\":[1]}", "$.args[0]")]
    [InlineData("{\"language\":[],\"source\":\"x\"}", "$.language")]
    [InlineData("[1]", "$")]
    [InlineData("{\"language\": \"python\", ", null)]
    public async Task JsonErrors_GiveThePathAndAReason_NeverTheAppsTypes(string body, string? path)
    {
        var response = await _http.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Neuron.", text);
        Assert.DoesNotContain("System.", text);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:neuron:problem:malformed-json", problem.GetProperty("type").GetString());
        if (path is not null)
        {
            Assert.Equal(path, problem.GetProperty("path").GetString());
            Assert.Contains(path, problem.GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task KeyRequestJsonErrors_NeverNameTheAppsTypes()
    {
        var response = await _app.AdminClient().PostAsync("/api/admin/keys",
            new StringContent("{\"kind\":\"secret\",\"name\":\"x\",\"maxLimits\":\"big\"}", Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Neuron.", text);
        Assert.Equal("$.maxLimits", JsonDocument.Parse(text).RootElement.GetProperty("path").GetString());
    }

    [Fact]
    public async Task CallersText_IsEchoedAtMost64Characters()
    {
        var longLanguage = new string('z', 100_000);
        var publishable = await _app.CreateKeyAsync(new { kind = "publishable", name = "blog", origins = new[] { "https://blog.example" } });
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        preflight.Headers.Add("Origin", "https://blog.example");
        preflight.Headers.Add("Access-Control-Request-Method", new string('M', 1_000));

        var unknownLanguage = await _http.SubmitAsync(new { language = longLanguage, source = "x" });
        var badOrigin = await _app.AdminClient().PostAsync("/api/admin/keys",
            Client.JsonBody(new { kind = "publishable", name = "blog", origins = new[] { "https://" + new string('o', 10_000) + ".example/path" } }));
        var foreignOrigin = await _app.ClientWithKey(publishable.Key, "https://" + new string('f', 1_000) + ".example").SubmitAsync(Client.Python());
        var foreignPreflight = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        foreignPreflight.Headers.Add("Origin", "https://" + new string('p', 1_000) + ".example");
        foreignPreflight.Headers.Add("Access-Control-Request-Method", "POST");

        var texts = new List<string>();
        foreach (var response in new[] { unknownLanguage, badOrigin, foreignOrigin, await _app.AnonymousClient().SendAsync(preflight),
                     await _app.AnonymousClient().SendAsync(foreignPreflight) })
        {
            Assert.False(response.IsSuccessStatusCode);
            texts.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.Contains(new string('z', 63) + "…", texts[0]);
        foreach (var (text, c) in texts.Zip("zofMp"))
            Assert.DoesNotContain(new string(c, 65), text);
        Assert.True(texts.All(t => t.Length < 2_000), string.Join(", ", texts.Select(t => t.Length)));
    }

    [Fact]
    public async Task IdsWithATrailingNewline_AreRefusedAsMalformed()
    {
        var run = await _http.GetAsync("/api/runs/0193a5b2c4d87e6f9a0b1c2d3e4f5a6b%0A");
        var key = await _app.AdminClient().DeleteAsync("/api/admin/keys/key_0123456789abcdef%0A");
        var session = await _http.SubmitAsync(new { language = "python", source = "x", sessionId = "reader-1\n" });

        await Keys.KeyAuthenticationTests.AssertProblemAsync(run, HttpStatusCode.BadRequest, "invalid-run-id");
        await Keys.KeyAuthenticationTests.AssertProblemAsync(key, HttpStatusCode.BadRequest, "invalid-key-id");
        await Keys.KeyAuthenticationTests.AssertProblemAsync(session, HttpStatusCode.BadRequest, "invalid-session");
        Assert.Equal(HttpStatusCode.NotFound, (await _app.AdminClient().DeleteAsync("/api/admin/keys/key_0123456789abcdef")).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}
