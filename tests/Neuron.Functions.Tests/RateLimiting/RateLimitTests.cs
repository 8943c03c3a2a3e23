using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.RateLimiting;

public sealed class RateLimitTests
{
    private static Dictionary<string, string?> Limit(int perMinute) => new()
    {
        ["RateLimit:PermitsPerMinute"] = perMinute.ToString(),
        ["Queues:LocalTriggersEnabled"] = "false",
    };

    [Fact]
    public async Task LimitOfNPerMinute_HoldsAcrossTwoAppInstances()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, Limit(4));
        await using var second = await FunctionsApp.StartAsync(runner.Url, Limit(4), prefix: first.Prefix);
        var clients = new[] { first.CreateClient(), second.CreateClient() };

        // Ten submissions, five through each instance, all at once.
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => clients[i % 2].SubmitAsync(Client.Python())));

        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(6, refused.Count);
        foreach (var response in refused)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("4", response.Headers.GetValues("RateLimit-Limit").Single());
            Assert.Equal("0", response.Headers.GetValues("RateLimit-Remaining").Single());
        }
    }

    [Fact]
    public async Task ConcurrentBurstFromOneCaller_WithinItsLimit_IsAllAccepted()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Limit(500));
        var http = app.CreateClient();

        // One caller's requests must not fight each other for the bucket's ETag and be refused for contention.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => http.SubmitAsync(Client.Python())));
        var refilled = (int)Math.Ceiling(clock.Elapsed.TotalSeconds * 500 / 60);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var remaining = responses.Select(r => int.Parse(r.Headers.GetValues("RateLimit-Remaining").Single())).ToList();
        // Every request took a token; tokens come back at 500 a minute while the burst runs (slowly, on a busy machine).
        Assert.InRange(remaining.Min(), 0, 500 - 150 + refilled + 1);
    }

    [Fact]
    public async Task Tokens_ComeBackAsTimePasses()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Limit(2));
        var http = app.CreateClient();
        await http.SubmitAsync(Client.Python());
        await http.SubmitAsync(Client.Python());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.SubmitAsync(Client.Python())).StatusCode);

        app.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
    }

    [Fact]
    public async Task EachKey_HasItsOwnBucket_AtItsOwnRate()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Limit(1));
        var first = app.CreateClient(); // the default key: the app's default rate, 1 per minute
        var other = await app.CreateKeyAsync(new { kind = "secret", name = "other", permitsPerMinute = 3 });
        var second = app.ClientWithKey(other.Key);

        var firstResponses = new[] { await first.SubmitAsync(Client.Python()), await first.SubmitAsync(Client.Python()) };
        var secondResponses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
            secondResponses.Add(await second.SubmitAsync(Client.Python()));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], firstResponses.Select(r => r.StatusCode));
        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests],
            secondResponses.Select(r => r.StatusCode));
        Assert.Equal("3", secondResponses[0].Headers.GetValues("RateLimit-Limit").Single());
        var problem = await secondResponses[3].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:neuron:problem:rate-limited", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task KeyAndRateLimit_AreCheckedBeforeTheBodyIsRead()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, Limit(1));
        // The test server's own client (no redirect handler, which would buffer the body first).
        var http = app.ClientWithKey(app.DefaultKey);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);

        // Bodies that never finish arriving: only an answer given before reading the body can come back.
        var overTheRate = await SendStalledAsync(http, 4 * 1024 * 1024);
        var withoutKey = await SendStalledAsync(app.AnonymousClient(), 4 * 1024 * 1024);
        var tooLarge = await SendStalledAsync(http, 8 * 1024 * 1024 + 1);

        await Keys.KeyAuthenticationTests.AssertProblemAsync(overTheRate, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(overTheRate.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await Keys.KeyAuthenticationTests.AssertProblemAsync(withoutKey, HttpStatusCode.Unauthorized, "missing-key");
        await Keys.KeyAuthenticationTests.AssertProblemAsync(tooLarge, HttpStatusCode.RequestEntityTooLarge, "too-large");
    }

    private static async Task<HttpResponseMessage> SendStalledAsync(HttpClient http, long length)
    {
        var body = new StalledContent(length);
        try
        {
            return await http.PostAsync("/api/runs", body).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            body.Release();
        }
    }
}
