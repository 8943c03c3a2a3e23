using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Functions.Tests.Support;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Keys;

public sealed class QuotaAndLimitsTests
{
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    [Fact]
    public async Task DailyQuota_HoldsAcrossTwoAppInstances_AndResetsAtMidnightUtc()
    {
        await using var runner = await StubRunner.StartAsync();
        var time = new OffsetTimeProvider();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers, time: time);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix, time: time);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "metered", dailyRunQuota = 5 });
        var clients = new[] { first.ClientWithKey(key.Key), second.ClientWithKey(key.Key) };

        // Twelve submissions, six through each instance, all at once.
        var sentAt = time.GetUtcNow();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => clients[i % 2].SubmitAsync(Client.Python())));

        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Accepted).ToList();
        Assert.Equal(7, refused.Count);
        var midnight = new DateTimeOffset(time.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        foreach (var response in refused)
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.TooManyRequests, "quota-exceeded");
            Assert.Contains("daily quota of 5 runs", problem.GetProperty("detail").GetString());
            Assert.Contains("00:00 UTC", problem.GetProperty("detail").GetString());
            Assert.Equal(midnight, DateTimeOffset.Parse(problem.GetProperty("resetsAt").GetString()!, CultureInfo.InvariantCulture));
            var retryAfter = response.Headers.RetryAfter!.Delta!.Value;
            // Whole seconds, rounded up, counted when the answer was made: between sending and now.
            Assert.InRange(retryAfter, midnight - time.GetUtcNow() - TimeSpan.FromMinutes(1), midnight - sentAt + TimeSpan.FromSeconds(1));
        }

        time.Advance(midnight - time.GetUtcNow() + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Accepted, (await clients[1].SubmitAsync(Client.Python())).StatusCode);
    }

    [Fact]
    public async Task IdempotentReplays_AndRefusedSubmissions_DoNotCount()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "metered", dailyRunQuota = 3 });
        var http = app.ClientWithKey(key.Key);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = Client.JsonBody(Client.Python()) };
            request.Headers.Add("Idempotency-Key", "same-run");
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }
        // The session's first run stays queued (no dispatcher here): the second is refused as busy and gives its run back.
        statuses.Add((await http.SubmitAsync(new { language = "python", source = "print(1)", sessionId = "s1" })).StatusCode);
        statuses.Add((await http.SubmitAsync(new { language = "python", source = "print(2)", sessionId = "s1" })).StatusCode);
        statuses.Add((await http.SubmitAsync(Client.Python())).StatusCode);
        statuses.Add((await http.SubmitAsync(Client.Python())).StatusCode);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Conflict,
            HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Replay_StillGetsItsRun_WhenTheQuotaIsUsedUp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "metered", dailyRunQuota = 1 });
        var http = app.ClientWithKey(key.Key);
        HttpRequestMessage Submit(string idempotencyKey)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = Client.JsonBody(Client.Python()) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return request;
        }

        var first = await http.SendAsync(Submit("the-last-run"));
        var replay = await http.SendAsync(Submit("the-last-run"));
        var another = await http.SendAsync(Submit("one-more"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.RunAsync()).Id, (await replay.RunAsync()).Id);
        await AssertProblemAsync(another, HttpStatusCode.TooManyRequests, "quota-exceeded");
    }

    [Fact]
    public async Task RateLimitedSubmissions_DoNotConsumeTheQuota()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "metered", permitsPerMinute = 2, dailyRunQuota = 3 });
        var http = app.ClientWithKey(key.Key);

        var first = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.SubmitAsync(Client.Python())));
        app.Time.Advance(TimeSpan.FromSeconds(61)); // two tokens back
        var third = await http.SubmitAsync(Client.Python());
        var fourth = await http.SubmitAsync(Client.Python());

        Assert.Equal(2, first.Count(r => r.StatusCode == HttpStatusCode.Accepted));
        foreach (var refused in first.Where(r => r.StatusCode != HttpStatusCode.Accepted))
            await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(HttpStatusCode.Accepted, third.StatusCode);
        await AssertProblemAsync(fourth, HttpStatusCode.TooManyRequests, "quota-exceeded");
    }

    [Fact]
    public async Task LimitsAboveTheKeysMaximum_AreRefused_AndDefaultsAreCappedByIt()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "small", maxLimits = new { timeMs = 700, memoryMb = 64 } });
        var http = app.ClientWithKey(key.Key);

        var tooLong = await http.SubmitAsync(new { language = "python", source = "print(1)", limits = new { timeMs = 701, memoryMb = 64 } });
        var defaults = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var atMaximum = await http.SubmitAsync(new { language = "python", source = "print(1)", limits = new { timeMs = 700 } });

        var problem = await AssertProblemAsync(tooLong, HttpStatusCode.BadRequest, "invalid-limits");
        var error = problem.GetProperty("errors").GetProperty("limits.timeMs")[0].GetString();
        Assert.Equal("Must be between 1 and 700 (this key's maximum).", error);
        Assert.False(problem.GetProperty("errors").TryGetProperty("limits.memoryMb", out _));
        Assert.Equal(700, problem.GetProperty("maxLimits").GetProperty("timeMs").GetInt32());
        Assert.Equal(64, problem.GetProperty("maxLimits").GetProperty("memoryMb").GetInt32());
        Assert.Equal(700, defaults.Limits.TimeMs);
        Assert.Equal(64, defaults.Limits.MemoryMb);
        Assert.Equal(HttpStatusCode.Accepted, atMaximum.StatusCode);
    }
}
