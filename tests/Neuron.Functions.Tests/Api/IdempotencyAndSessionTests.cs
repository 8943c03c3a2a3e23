using System.Net;
using Neuron.Functions.Tests.Keys;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Api;

public sealed class IdempotencyAndSessionTests
{
    private static HttpRequestMessage Submit(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = Client.JsonBody(body) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task SameIdempotencyKeyAndBody_ReturnsTheSameRun_AndRunsItOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var body = Client.Python(stdin: "once\n");

        var first = await http.SendAsync(Submit(body, "key-1"));
        var retries = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => http.SendAsync(Submit(body, "key-1"))));

        var id = (await first.RunAsync()).Id;
        foreach (var retry in retries)
        {
            Assert.True(retry.IsSuccessStatusCode, retry.StatusCode.ToString());
            Assert.Equal(id, (await retry.RunAsync()).Id);
        }
        await http.WaitFinalAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal(1, runner.ExecuteCalls);
    }

    [Fact]
    public async Task ConcurrentFirstRequestsWithOneKey_CreateOneRun()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var http = app.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => http.SendAsync(Submit(Client.Python(), "key-race"))));

        var ids = new HashSet<string>();
        foreach (var response in responses.Where(r => r.IsSuccessStatusCode))
            ids.Add((await response.RunAsync()).Id);
        Assert.Single(ids);
        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(1, (await app.RunsQueue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task SameIdempotencyKeyWithAnotherBody_Is422()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();

        await http.SendAsync(Submit(Client.Python(stdin: "a"), "key-2"));
        var second = await http.SendAsync(Submit(Client.Python(stdin: "b"), "key-2"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Session_AllowsOneActiveRun_409WhileItIsQueuedOrRunning()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        var body = new { language = "python", source = "x", sessionId = "reader-42" };

        var first = await (await http.SubmitAsync(body)).RunAsync();
        var whileActive = await http.SubmitAsync(body);
        runner.Gate.SetResult();
        await http.WaitFinalAsync(first.Id, TimeSpan.FromSeconds(10));
        var afterwards = await http.SubmitAsync(body);

        Assert.Equal(HttpStatusCode.Conflict, whileActive.StatusCode);
        Assert.Equal("application/problem+json", whileActive.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Accepted, afterwards.StatusCode);
    }

    [Fact]
    public async Task Session_EnforcesACooldownBetweenRuns()
    {
        await using var runner = await StubRunner.StartAsync();
        // The clock is the real one plus an offset: the cooldown must outlast however long a loaded machine takes over the
        // first run (its ?wait included), or "too soon" is no longer too soon. Only the offset ends it.
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Sessions:CooldownMs"] = "60000" });
        var http = app.CreateClient();
        var body = new { language = "python", source = "x", sessionId = "reader-43" };
        var first = await (await http.SubmitAsync(body, "?wait=10")).RunAsync();

        var tooSoon = await http.SubmitAsync(body);
        app.Time.Advance(TimeSpan.FromSeconds(61));
        var later = await http.SubmitAsync(body);

        Assert.Equal("completed", first.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.NotNull(tooSoon.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
    }

    [Fact]
    public async Task Session_BelongsToItsKey_AnotherKeysSameSessionIdIsAnotherSession()
    {
        await using var runner = await StubRunner.StartAsync();
        runner.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Sessions:CooldownMs"] = "60000" });
        var tenantA = app.CreateClient();
        var tenantB = app.ClientWithKey((await app.CreateKeyAsync(new { kind = "secret", name = "tenant b" })).Key);
        var body = new { language = "python", source = "x", sessionId = "x" };

        var runOfA = await (await tenantA.SubmitAsync(body)).RunAsync();
        var firstOfB = await tenantB.SubmitAsync(body);
        var secondOfB = await tenantB.SubmitAsync(body);
        var secondOfA = await tenantA.SubmitAsync(body);
        runner.Gate.SetResult();

        // B's "x" is not A's "x": B's first run is accepted, its second meets B's own active run, never A's.
        Assert.Equal(HttpStatusCode.Accepted, firstOfB.StatusCode);
        var runOfB = await firstOfB.RunAsync();
        var busyB = await KeyAuthenticationTests.AssertProblemAsync(secondOfB, HttpStatusCode.Conflict, "session-busy");
        Assert.Equal(runOfB.Id, busyB.GetProperty("activeRunId").GetString());
        var busyA = await KeyAuthenticationTests.AssertProblemAsync(secondOfA, HttpStatusCode.Conflict, "session-busy");
        Assert.Equal(runOfA.Id, busyA.GetProperty("activeRunId").GetString());
        Assert.DoesNotContain(runOfA.Id, await secondOfB.Content.ReadAsStringAsync());
        // Stored under a hash of key and session: the table does not even hold the session id.
        var sessions = await new Azure.Data.Tables.TableServiceClient(app.ConnectionString).GetTableClient(app.Prefix + "sessions")
            .QueryAsync<Azure.Data.Tables.TableEntity>().ToListAsync();
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.Matches(@"\A[0-9a-f]{64}\z", s.PartitionKey));
    }

    [Fact]
    public async Task SessionCooldown_IsPerKey()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Sessions:CooldownMs"] = "60000" });
        var tenantA = app.CreateClient();
        var tenantB = app.ClientWithKey((await app.CreateKeyAsync(new { kind = "secret", name = "tenant b" })).Key);
        var body = new { language = "python", source = "x", sessionId = "shared-name" };
        var runOfA = await (await tenantA.SubmitAsync(body, "?wait=10")).RunAsync();

        var ofB = await tenantB.SubmitAsync(body);

        Assert.Equal("completed", runOfA.Status);
        Assert.Equal(HttpStatusCode.Accepted, ofB.StatusCode);
    }
}
