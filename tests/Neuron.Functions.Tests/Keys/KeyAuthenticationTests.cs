using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Keys;

public sealed class KeyAuthenticationTests
{
    [Theory]
    [InlineData(null, "missing-key")]
    [InlineData("sk_0123456789abcdefghijABCDEFGHIJ01", "invalid-key")]
    [InlineData("not-a-key", "invalid-key")]
    public async Task Submit_Is401WithWwwAuthenticate_WithoutAValidKey(string? key, string slug)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = key is null ? app.AnonymousClient() : app.ClientWithKey(key);

        var response = await http.SubmitAsync(Client.Python());

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, slug);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(0, runner.ExecuteCalls);
    }

    [Fact]
    public async Task KeyInXApiKeyHeader_IsAccepted_AndGetRunAndUsageNeedAKeyToo()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.AnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = Client.JsonBody(Client.Python()) };
        request.Headers.Add("X-Api-Key", app.DefaultKey);

        var accepted = await http.SendAsync(request);
        var id = (await accepted.RunAsync()).Id;

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await AssertProblemAsync(await http.GetAsync($"/api/runs/{id}"), HttpStatusCode.Unauthorized, "missing-key");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/languages")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/health")).StatusCode);
    }

    [Fact]
    public async Task RunOfAnotherKey_IsNotFound()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var run = await (await app.CreateClient().SubmitAsync(Client.Python())).RunAsync();
        var other = await app.CreateKeyAsync(new { kind = "secret", name = "other" });

        var response = await app.ClientWithKey(other.Key).GetAsync($"/api/runs/{run.Id}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Keys_AreStoredOnlyAsHashes_AndNeverListed()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await app.CreateKeyAsync(new { kind = "publishable", name = "blog", origins = new[] { "https://blog.example" } });
        await app.ClientWithKey(key.Key, "https://blog.example").SubmitAsync(Client.Python());

        Assert.Matches("^pk_[0-9A-Za-z]{32}$", key.Key);
        Assert.Matches("^key_[0-9A-Za-z]{16}$", key.Id);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.Key)));
        var everything = await DumpTablesAsync(app);
        Assert.DoesNotContain(key.Key, everything);
        Assert.DoesNotContain(key.Key[3..], everything);
        Assert.Contains(hash, everything);

        var listing = await app.AdminClient().GetStringAsync("/api/admin/keys");
        Assert.Contains(key.Id, listing);
        Assert.DoesNotContain(key.Key, listing);
        Assert.DoesNotContain(hash, listing);
    }

    [Fact]
    public async Task Revocation_IsEffectiveImmediately_OnEveryInstance()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url);
        await using var second = await FunctionsApp.StartAsync(runner.Url, prefix: first.Prefix);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "soon revoked" });
        var onFirst = first.ClientWithKey(key.Key);
        var onSecond = second.ClientWithKey(key.Key);
        var run = await (await onSecond.SubmitAsync(Client.Python())).RunAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await onFirst.SubmitAsync(Client.Python())).StatusCode);

        var revoked = await first.AdminClient().DeleteAsync($"/api/admin/keys/{key.Id}");

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotNull((await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").GetString());
        await AssertProblemAsync(await onSecond.SubmitAsync(Client.Python()), HttpStatusCode.Unauthorized, "revoked-key");
        await AssertProblemAsync(await onFirst.SubmitAsync(Client.Python()), HttpStatusCode.Unauthorized, "revoked-key");
        await AssertProblemAsync(await onSecond.GetAsync($"/api/runs/{run.Id}"), HttpStatusCode.Unauthorized, "revoked-key");
        var listed = await second.AdminClient().GetFromJsonAsync<JsonElement>("/api/admin/keys");
        Assert.Contains(listed.EnumerateArray(), k => k.GetProperty("id").GetString() == key.Id && k.GetProperty("revokedAt").ValueKind == JsonValueKind.String);
    }

    [Fact]
    public async Task AdminApi_Is404WithoutAnAdminKey_And401WithAWrongOne()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var off = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Keys:AdminKey"] = null }, prepare: false);
        await using var on = await FunctionsApp.StartAsync(runner.Url);

        await AssertProblemAsync(await off.AdminClient().GetAsync("/api/admin/keys"), HttpStatusCode.NotFound, "not-found");
        var wrong = await on.ClientWithKey(FunctionsApp.AdminKey + "x").GetAsync("/api/admin/keys");
        await AssertProblemAsync(wrong, HttpStatusCode.Unauthorized, "invalid-admin-key");
        Assert.Equal("Bearer", wrong.Headers.WwwAuthenticate.Single().Scheme);
        await AssertProblemAsync(await on.ClientWithKey(on.DefaultKey).GetAsync("/api/admin/keys"), HttpStatusCode.Unauthorized, "invalid-admin-key");
        await AssertProblemAsync(await on.AdminClient().DeleteAsync("/api/admin/keys/key_0000000000000000"), HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("""{"kind":"publishable","name":"blog"}""", "origins")]
    [InlineData("""{"kind":"publishable","name":"blog","origins":["https://blog.example/path"]}""", "origins")]
    [InlineData("""{"kind":"publishable","name":"blog","origins":["*"]}""", "origins")]
    [InlineData("""{"kind":"secret","name":"srv","origins":["https://blog.example"]}""", "origins")]
    [InlineData("""{"kind":"master","name":"x"}""", "kind")]
    [InlineData("""{"kind":"secret"}""", "name")]
    [InlineData("""{"kind":"secret","name":"x","dailyRunQuota":0}""", "dailyRunQuota")]
    [InlineData("""{"kind":"secret","name":"x","maxLimits":{"timeMs":0}}""", "maxLimits.timeMs")]
    public async Task CreateKey_ValidatesItsRequest(string body, string field)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.AdminClient().PostAsync("/api/admin/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-key-request");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task CreateKey_NormalizesOrigins_AndTakesDefaults()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.AdminClient().PostAsync("/api/admin/keys", Client.JsonBody(new
        {
            kind = "publishable",
            name = "blog",
            origins = new[] { "HTTPS://Blog.Example:443/", "http://localhost:8080" },
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["https://blog.example", "http://localhost:8080"], created.GetProperty("origins").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(10000, created.GetProperty("permitsPerMinute").GetInt32());
        Assert.Equal(1000000, created.GetProperty("dailyRunQuota").GetInt32());
        Assert.Equal($"/api/admin/keys/{created.GetProperty("id").GetString()}", response.Headers.Location?.ToString());
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string slug)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:neuron:problem:" + slug, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Every property of every entity in every table of the app's prefix, as text.</summary>
    private static async Task<string> DumpTablesAsync(FunctionsApp app)
    {
        var service = new TableServiceClient(app.ConnectionString);
        var text = new System.Text.StringBuilder();
        await foreach (var table in service.QueryAsync(t => true))
        {
            if (!table.Name.StartsWith(app.Prefix, StringComparison.Ordinal))
                continue;
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
                foreach (var (name, value) in entity)
                    text.Append(name).Append('=').Append(value).Append('\n');
        }
        return text.ToString();
    }
}
