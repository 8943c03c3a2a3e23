using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Usage;

public sealed class UsageTests
{
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    [Fact]
    public async Task RunDispatchedThreeTimesByTwoInstances_IsCountedOnce()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix);
        var http = first.CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var message = new RunMessage(submitted.Id);

        // Two dispatchers race on the same message; then the queue hands it out once more (a retry).
        await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)),
            Task.Run(() => second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)));
        Assert.Equal(DispatchOutcome.AlreadyFinal, await second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 2, CancellationToken.None));

        var usage = await UsageAsync(http);
        var day = Assert.Single(usage.GetProperty("days").EnumerateArray());
        Assert.Equal(1, day.GetProperty("runs").GetInt64());
        Assert.Equal(8, day.GetProperty("cpuMs").GetInt64());
        Assert.Equal(1, day.GetProperty("verdicts").GetProperty("ok").GetInt64());
        Assert.Equal(1, usage.GetProperty("total").GetProperty("runs").GetInt64());
    }

    [Fact]
    public async Task FinalRunWhoseDispatcherDiedBeforeMetering_IsCountedOnceByTheRetries()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var now = app.Time.GetUtcNow();
        // The run's final write landed, its usage did not: what a dispatcher that died in between leaves behind.
        var queued = Payloads.QueuedRun(now, RunIds.New(app.Time), app.DefaultKeyId);
        var result = new ExecuteResult { Verdict = Verdicts.RuntimeError, Language = "python", Version = "3", ExitCode = 1, WallMs = 30, CpuMs = 21 };
        await app.Services.GetRequiredService<RunStore>().InsertAsync(RunTransitions.Complete(RunTransitions.Claim(queued, now, TimeSpan.FromMinutes(1)), result, now),
            CancellationToken.None);
        var dispatcher = app.Services.GetRequiredService<RunDispatcher>();
        var message = new RunMessage(queued.Id);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => dispatcher.DispatchAsync(message, 2 + i, CancellationToken.None))));
        await app.Services.GetRequiredService<PoisonedRunHandler>().FailAsync(message, CancellationToken.None);

        var day = Assert.Single((await UsageAsync(app.CreateClient())).GetProperty("days").EnumerateArray());
        Assert.Equal(1, day.GetProperty("runs").GetInt64());
        Assert.Equal(21, day.GetProperty("cpuMs").GetInt64());
        Assert.Equal(1, day.GetProperty("verdicts").GetProperty("runtime_error").GetInt64());
        Assert.Equal(0, runner.ExecuteCalls);
    }

    [Fact]
    public async Task Usage_IsPerKeyAndDay_ByVerdict_WithinTheAskedRange()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var other = await app.CreateKeyAsync(new { kind = "secret", name = "other" });
        var http = app.CreateClient();
        runner.Respond = r => new ExecuteResult
        {
            Verdict = r.Stdin == "slow\n" ? Verdicts.TimeLimit : Verdicts.Ok,
            Language = r.Language,
            Version = "3",
            Stdout = r.Stdin ?? "",
            CpuMs = 100,
            WallMs = 120,
        };
        // Yesterday's run (inserted final, metered by its message): the runner's signatures would not survive a moved clock.
        var now = app.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var yesterday = today.AddDays(-1);
        var old = Payloads.QueuedRun(now.AddDays(-1), RunIds.New(app.Time), app.DefaultKeyId);
        await app.Services.GetRequiredService<RunStore>().InsertAsync(
            RunTransitions.Complete(old, new ExecuteResult { Verdict = Verdicts.Ok, Language = "python", Version = "3", CpuMs = 100 }, now.AddDays(-1)), CancellationToken.None);
        await app.Services.GetRequiredService<RunDispatcher>().DispatchAsync(new RunMessage(old.Id), 1, CancellationToken.None);
        await RunAsync(http, "b\n");
        await RunAsync(http, "slow\n");
        await RunAsync(http, "b\n", expected: "c\n"); // wrong_answer, given by the app
        await RunAsync(app.ClientWithKey(other.Key), "not mine\n");

        var all = await UsageAsync(http);
        var onlyToday = await UsageAsync(http, $"?from={today:yyyy-MM-dd}&to={today:yyyy-MM-dd}");

        Assert.Equal([$"{yesterday:yyyy-MM-dd}", $"{today:yyyy-MM-dd}"], all.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("date").GetString()));
        Assert.Equal(4, all.GetProperty("total").GetProperty("runs").GetInt64());
        Assert.Equal(400, all.GetProperty("total").GetProperty("cpuMs").GetInt64());
        var day = Assert.Single(onlyToday.GetProperty("days").EnumerateArray());
        Assert.Equal(3, day.GetProperty("runs").GetInt64());
        var verdicts = day.GetProperty("verdicts");
        Assert.Equal((1, 1, 1), (verdicts.GetProperty("ok").GetInt64(), verdicts.GetProperty("time_limit").GetInt64(), verdicts.GetProperty("wrong_answer").GetInt64()));
        Assert.Equal(1, (await UsageAsync(app.ClientWithKey(other.Key))).GetProperty("total").GetProperty("runs").GetInt64());
    }

    [Theory]
    [InlineData("?from=2026-13-01")]
    [InlineData("?from=yesterday")]
    [InlineData("?from=2026-02-01&to=2026-01-01")]
    [InlineData("?from=2024-01-01&to=2026-01-01")]
    public async Task Usage_RefusesBadRanges(string query)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);

        var response = await app.CreateClient().GetAsync("/api/usage" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Usage_DatesBefore2000OrAfterTomorrow_Are400InvalidDate()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var http = app.CreateClient();
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);

        foreach (var query in new[] { "?to=0001-01-05", "?from=0001-01-01&to=0001-01-05", "?from=1999-12-31&to=2000-01-01",
                     "?to=9999-12-31", $"?from={today:yyyy-MM-dd}&to={today.AddDays(2):yyyy-MM-dd}" })
        {
            var problem = await AssertProblemAsync(await http.GetAsync("/api/usage" + query), HttpStatusCode.BadRequest, "invalid-date");
            Assert.Contains("2000-01-01", problem.GetProperty("detail").GetString());
        }
        Assert.Equal("2000-01-01", (await UsageAsync(http, "?to=2000-01-01")).GetProperty("from").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/usage?to={today.AddDays(1):yyyy-MM-dd}")).StatusCode);
    }

    [Fact]
    public async Task Usage_IsForSecretKeys_Only()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var publishable = await app.CreateKeyAsync(new { kind = "publishable", name = "blog", origins = new[] { "https://blog.example" } });

        await AssertProblemAsync(await app.ClientWithKey(publishable.Key, "https://blog.example").GetAsync("/api/usage"), HttpStatusCode.Forbidden, "usage-needs-secret-key");
        await AssertProblemAsync(await app.AnonymousClient().GetAsync("/api/usage"), HttpStatusCode.Unauthorized, "missing-key");
    }

    private static async Task RunAsync(HttpClient http, string stdin, string? expected = null)
    {
        var response = await http.SubmitAsync(new { language = "python", source = "print(input())", stdin, expectedOutput = expected }, "?wait=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> UsageAsync(HttpClient http, string query = "")
    {
        var response = await http.GetAsync("/api/usage" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
