using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Billing;

/// <summary>
/// Credits against the real Azurite: admission holds a run's base price, the final run is charged once in the
/// transaction that meters it, at the price in force when it was accepted; statements reconcile with usage.
/// Shipped prices (Billing:Prices unset): python 4,000 per run, cpp 8,000 (4,000 from the compile cache), 20,000 per CPU second.
/// </summary>
public sealed class BillingTests
{
    private const long PythonRun = 4_000;
    private const long CppRun = 8_000;
    private const long CppCachedRun = 4_000;
    private const long PerCpuSecond = 20_000;
    private static readonly Dictionary<string, string?> NoTriggers = new() { ["Queues:LocalTriggersEnabled"] = "false" };

    [Fact]
    public async Task RunDispatchedThreeTimesByTwoInstances_IsChargedOnce_AndItsHoldSettled()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "charged", freeMicroCredits = 100_000 });
        var http = first.ClientWithKey(key.Key);
        runner.Respond = r => new ExecuteResult { Verdict = Verdicts.Ok, Language = r.Language, Version = "3", CpuMs = 250, WallMs = 300 };
        var submitted = await (await http.SubmitAsync(Client.Python())).RunAsync();
        var held = await BalanceAsync(http);
        Assert.Equal((100_000, PythonRun, 100_000 - PythonRun), (held.Balance, held.Held, held.Available));
        var message = new RunMessage(submitted.Id);

        // Two dispatchers race on the same message; then the queue hands it out once more (a retry), and the poison handler sees it too.
        await Task.WhenAll(
            Task.Run(() => first.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)),
            Task.Run(() => second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 1, CancellationToken.None)));
        Assert.Equal(DispatchOutcome.AlreadyFinal, await second.Services.GetRequiredService<RunDispatcher>().DispatchAsync(message, 2, CancellationToken.None));
        await first.Services.GetRequiredService<PoisonedRunHandler>().FailAsync(message, CancellationToken.None);

        var charge = PythonRun + 250 * PerCpuSecond / 1000;
        var after = await BalanceAsync(http);
        Assert.Equal((100_000 - charge, 0L, 100_000 - charge), (after.Balance, after.Held, after.Available));
        Assert.Empty(await RowsAsync(first, key.Id, "hold-"));
        var marker = Assert.Single(await RowsAsync(first, key.Id, "run-"));
        Assert.Equal(charge, marker.GetInt64("ChargedMicroCredits"));
    }

    [Fact]
    public async Task Submission_AtZeroBalance_Is402CreditsExhausted_UntilToppedUp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "broke", freeMicroCredits = 0 });
        var http = app.ClientWithKey(key.Key);

        var problem = await AssertProblemAsync(await http.SubmitAsync(Client.Python()), HttpStatusCode.PaymentRequired, "credits-exhausted");
        Assert.Contains("used up its Neuron credits", problem.GetProperty("detail").GetString());
        Assert.Equal(0, problem.GetProperty("availableMicroCredits").GetInt64());
        Assert.Equal(PythonRun, problem.GetProperty("requiredMicroCredits").GetInt64());
        // A batch is refused as a whole, and nothing was held or stored for the refused runs.
        await AssertProblemAsync(await http.PostAsync("/api/runs/batch", Client.JsonBody(new { runs = new[] { Client.Python(), Client.Python() } })),
            HttpStatusCode.PaymentRequired, "credits-exhausted");
        Assert.Empty(await RowsAsync(app, key.Id, "hold-"));

        var topUp = await app.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { microCredits = PythonRun }));
        Assert.Equal(HttpStatusCode.OK, topUp.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
        // Its one run's worth is held now: the next is refused again.
        await AssertProblemAsync(await http.SubmitAsync(Client.Python()), HttpStatusCode.PaymentRequired, "credits-exhausted");
    }

    [Fact]
    public async Task Submission_RefusedForCredit_IsAdmittedOnceAnotherInstanceToppedTheKeyUp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "topped-elsewhere", freeMicroCredits = PythonRun });
        var http = first.ClientWithKey(key.Key);
        // The first instance holds the one run's worth, and so remembers a balance with nothing available.
        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
        await AssertProblemAsync(await http.SubmitAsync(Client.Python()), HttpStatusCode.PaymentRequired, "credits-exhausted");

        var topUp = await second.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { microCredits = PythonRun }));
        Assert.Equal(HttpStatusCode.OK, topUp.StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await http.SubmitAsync(Client.Python())).StatusCode);
        var balance = await BalanceAsync(http);
        Assert.Equal((2 * PythonRun, 2 * PythonRun, 0L), (balance.Balance, balance.Held, balance.Available));
    }

    [Fact]
    public async Task HundredConcurrentSubmissionsOnTwoInstances_AgainstFiveRunsOfCredit_AdmitExactlyFive()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        await using var second = await FunctionsApp.StartAsync(runner.Url, NoTriggers, prefix: first.Prefix);
        var key = await first.CreateKeyAsync(new { kind = "secret", name = "five", freeMicroCredits = 5 * PythonRun, maxInFlight = 1000 });
        var clients = new[] { first.ClientWithKey(key.Key), second.ClientWithKey(key.Key) };

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => clients[i % 2].SubmitAsync(Client.Python()))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Accepted));
        // The others are refused for credit (or, when the balance was too contended to read, told to retry: never admitted).
        Assert.Equal(95, statuses.Count(s => s is HttpStatusCode.PaymentRequired or HttpStatusCode.TooManyRequests));
        Assert.Contains(HttpStatusCode.PaymentRequired, statuses);
        var balance = await BalanceAsync(clients[0]);
        Assert.Equal((5 * PythonRun, 5 * PythonRun, 0L), (balance.Balance, balance.Held, balance.Available));
        Assert.Equal(5, (await RowsAsync(first, key.Id, "hold-")).Count);
    }

    [Fact]
    public async Task PriceChangeMidMonth_EachRunPaysThePriceInForceWhenItWasAccepted()
    {
        await using var runner = await StubRunner.StartAsync();
        var time = new OffsetTimeProvider();
        var change = time.GetUtcNow().AddHours(-1);
        var settings = new Dictionary<string, string?>(NoTriggers)
        {
            ["Billing:Prices:0:EffectiveFrom"] = "2000-01-01T00:00:00Z",
            ["Billing:Prices:0:Interpreted:PerRun"] = "1000",
            ["Billing:Prices:0:Interpreted:PerCpuSecond"] = "10000",
            ["Billing:Prices:0:Compiled:PerRun"] = "3000",
            ["Billing:Prices:0:Compiled:PerRunCached"] = "2000",
            ["Billing:Prices:0:Compiled:PerCpuSecond"] = "10000",
            ["Billing:Prices:1:EffectiveFrom"] = change.ToString("O"),
            ["Billing:Prices:1:Interpreted:PerRun"] = "1500",
            ["Billing:Prices:1:Interpreted:PerCpuSecond"] = "30000",
            ["Billing:Prices:1:Compiled:PerRun"] = "6000",
            ["Billing:Prices:1:Compiled:PerRunCached"] = "1000",
            ["Billing:Prices:1:Compiled:PerCpuSecond"] = "30000",
        };
        await using var app = await FunctionsApp.StartAsync(runner.Url, settings, time: time);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "repriced", freeMicroCredits = 1_000_000 });
        // A top-up of nothing opens the key's account (a first submission would).
        Assert.Equal(HttpStatusCode.OK, (await app.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { microCredits = 0 }))).StatusCode);
        var before = change.AddMinutes(-10);
        var after = change.AddMinutes(10);

        // Final runs as a dispatcher leaves them (accepted before and after the change), metered by their messages.
        await MeterAsync(app, key.Id, before, "python", cpuMs: 100, cached: false);   // 1000 + 1000
        await MeterAsync(app, key.Id, before, "cpp", cpuMs: 1, cached: true);         // 2000 + 10
        await MeterAsync(app, key.Id, after, "python", cpuMs: 100, cached: false);    // 1500 + 3000
        await MeterAsync(app, key.Id, after, "cpp", cpuMs: 100, cached: false);       // 6000 + 3000
        await MeterAsync(app, key.Id, after, "cpp", cpuMs: 100, cached: true);        // 1000 + 3000

        var charges = (await RowsAsync(app, key.Id, "run-")).Select(r => r.GetInt64("ChargedMicroCredits")!.Value).Order().ToList();
        Assert.Equal([2_000, 2_010, 4_000, 4_500, 9_000], charges);
        var balance = await BalanceAsync(app.ClientWithKey(key.Key));
        Assert.Equal(1_000_000 - 21_510, balance.Balance);
    }

    [Fact]
    public async Task Statement_ReconcilesExactlyWithTheUsageTable_AndTheBalance()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "statement", freeMicroCredits = 200_000 });
        var http = app.ClientWithKey(key.Key);
        runner.Respond = r => new ExecuteResult
        {
            Verdict = r.Stdin == "slow\n" ? Verdicts.TimeLimit : r.Stdin == "crash\n" ? Verdicts.RuntimeError : Verdicts.Ok,
            Language = r.Language,
            Version = "3",
            Stdout = r.Stdin ?? "",
            CpuMs = r.Stdin == "slow\n" ? 2_000 : 37,
            WallMs = 50,
            CompileCached = r.Language == "cpp" && r.Stdin == "again\n",
        };
        foreach (var (language, stdin) in new[] { ("python", "a\n"), ("python", "slow\n"), ("python", "crash\n"), ("cpp", "first\n"), ("cpp", "again\n") })
        {
            var response = await http.SubmitAsync(new { language, source = "x", stdin }, "?wait=10");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        await SettledAsync(app, key.Id);
        Assert.Equal(HttpStatusCode.OK, (await app.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { microCredits = 50_000 }))).StatusCode);

        var statement = await GetJsonAsync(http, "/api/billing/statement");
        var usage = await GetJsonAsync(http, "/api/usage");
        var total = statement.GetProperty("total");
        var usageTotal = usage.GetProperty("total");
        Assert.Equal(5, total.GetProperty("runs").GetInt64());
        Assert.Equal(usageTotal.GetProperty("runs").GetInt64(), total.GetProperty("runs").GetInt64());
        Assert.Equal(usageTotal.GetProperty("cpuMs").GetInt64(), total.GetProperty("cpuMs").GetInt64());
        foreach (var verdict in usageTotal.GetProperty("verdicts").EnumerateObject())
            Assert.Equal(verdict.Value.GetInt64(), total.GetProperty("verdicts").GetProperty(verdict.Name).GetProperty("runs").GetInt64());
        Assert.Equal(2_000, total.GetProperty("verdicts").GetProperty("time_limit").GetProperty("cpuMs").GetInt64());
        // Every run's charge, summed from its marker, is the statement's; grants less charges is the balance.
        var markers = await RowsAsync(app, key.Id, "run-");
        var charged = markers.Sum(m => m.GetInt64("ChargedMicroCredits")!.Value);
        var expected = (PythonRun + 37 * PerCpuSecond / 1000) * 2 + PythonRun + 2_000 * PerCpuSecond / 1000
            + CppRun + 37 * PerCpuSecond / 1000 + CppCachedRun + 37 * PerCpuSecond / 1000;
        Assert.Equal(expected, charged);
        Assert.Equal(charged, total.GetProperty("chargedMicroCredits").GetInt64());
        Assert.Equal(250_000, total.GetProperty("topUpMicroCredits").GetInt64());
        var balance = await BalanceAsync(http);
        Assert.Equal(250_000 - charged, balance.Balance);
        Assert.Equal(balance.Balance, statement.GetProperty("closingMicroCredits").GetInt64());
        Assert.Equal(0, statement.GetProperty("openingMicroCredits").GetInt64());

        // The admin export says the same, as JSON and as CSV.
        var month = statement.GetProperty("month").GetString();
        var export = await GetJsonAsync(app.AdminClient(), $"/api/admin/billing/statements?month={month}");
        var mine = export.GetProperty("statements").EnumerateArray().Single(s => s.GetProperty("keyId").GetString() == key.Id);
        Assert.Equal(charged, mine.GetProperty("total").GetProperty("chargedMicroCredits").GetInt64());
        var csv = await app.AdminClient().GetAsync($"/api/admin/billing/statements?month={month}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith(key.Id + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal("5", row[Array.IndexOf(header, "runs")]);
        Assert.Equal(charged.ToString(System.Globalization.CultureInfo.InvariantCulture), row[Array.IndexOf(header, "charged_micro_credits")]);
        Assert.Equal(balance.Balance.ToString(System.Globalization.CultureInfo.InvariantCulture), row[Array.IndexOf(header, "closing_micro_credits")]);
        Assert.Equal("1", row[Array.IndexOf(header, "runs_runtime_error")]);
    }

    [Fact]
    public async Task LowBalance_IsRecordedOnceWhenCrossed_AndClearedByATopUpAboveIt()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await app.CreateKeyAsync(new { kind = "secret", name = "low", freeMicroCredits = 20_000 });
        var http = app.ClientWithKey(key.Key);
        var set = await app.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { lowBalanceMicroCredits = 13_000 }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        runner.Respond = r => new ExecuteResult { Verdict = Verdicts.Ok, Language = r.Language, Version = "3", CpuMs = 0, WallMs = 5 };

        await RunAsync(app, key.Id, http); // 16,000 left: above
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync(http, "/api/usage")).GetProperty("balance").GetProperty("lowBalanceSince").ValueKind);
        await RunAsync(app, key.Id, http); // 12,000: crossed
        var since = (await GetJsonAsync(http, "/api/usage")).GetProperty("balance").GetProperty("lowBalanceSince").GetDateTimeOffset();
        await RunAsync(app, key.Id, http); // 8,000: still below, the crossing is not recorded again
        Assert.Equal(since, (await GetJsonAsync(http, "/api/usage")).GetProperty("balance").GetProperty("lowBalanceSince").GetDateTimeOffset());

        await app.AdminClient().PostAsync($"/api/admin/keys/{key.Id}/credits", Client.JsonBody(new { microCredits = 10_000 }));
        var cleared = (await GetJsonAsync(http, "/api/usage")).GetProperty("balance");
        Assert.Equal(18_000, cleared.GetProperty("balanceMicroCredits").GetInt64());
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("lowBalanceSince").ValueKind);
    }

    [Theory]
    [InlineData("""{"microCredits":-1}""", "microCredits")]
    [InlineData("""{}""", "microCredits")]
    [InlineData("""{"lowBalanceMicroCredits":-5}""", "lowBalanceMicroCredits")]
    public async Task TopUp_RefusesBadAmounts(string body, string field)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);

        var response = await app.AdminClient().PostAsync($"/api/admin/keys/{app.DefaultKeyId}/credits", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-top-up");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        await AssertProblemAsync(await app.CreateClient().PostAsync($"/api/admin/keys/{app.DefaultKeyId}/credits", Client.JsonBody(new { microCredits = 1 })),
            HttpStatusCode.Unauthorized, "invalid-admin-key");
    }

    [Fact]
    public async Task Statement_IsForSecretKeys_AndRefusesBadMonths()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, NoTriggers);
        var publishable = await app.CreateKeyAsync(new { kind = "publishable", name = "blog", origins = new[] { "https://blog.example" } });
        var blog = app.ClientWithKey(publishable.Key, "https://blog.example");

        await AssertProblemAsync(await blog.GetAsync("/api/billing/statement"), HttpStatusCode.Forbidden, "statement-needs-secret-key");
        foreach (var month in new[] { "2026-13", "1999-12", "2026-1", "9999-01", "x" })
            await AssertProblemAsync(await app.CreateClient().GetAsync("/api/billing/statement?month=" + month), HttpStatusCode.BadRequest, "invalid-month");
        // The playground's balance is for any key, its CORS headers included.
        var balance = await blog.GetAsync("/api/billing/balance");
        Assert.Equal(HttpStatusCode.OK, balance.StatusCode);
        Assert.Equal("https://blog.example", balance.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("1000000000", (await balance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("available").GetString());
    }

    private static async Task MeterAsync(FunctionsApp app, string keyId, DateTimeOffset acceptedAt, string language, int cpuMs, bool cached)
    {
        var queued = Payloads.QueuedRun(acceptedAt, RunIds.New(app.Time), keyId) with { Language = language };
        var result = new ExecuteResult { Verdict = Verdicts.Ok, Language = language, Version = "3", CpuMs = cpuMs, CompileCached = cached };
        await app.Services.GetRequiredService<RunStore>().InsertAsync(RunTransitions.Complete(queued, result, acceptedAt), CancellationToken.None);
        await app.Services.GetRequiredService<RunDispatcher>().DispatchAsync(new RunMessage(queued.Id), 1, CancellationToken.None);
    }

    /// <summary>A run to its end, charged: a waiter is woken by the final write, which comes before the charge.</summary>
    private static async Task RunAsync(FunctionsApp app, string keyId, HttpClient http)
    {
        var response = await http.SubmitAsync(Client.Python(), "?wait=10");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await SettledAsync(app, keyId);
    }

    /// <summary>Until every admitted run of the key is charged (its hold settled).</summary>
    private static Task SettledAsync(FunctionsApp app, string keyId) =>
        Neuron.Testing.Eventually.GetAsync(() => RowsAsync(app, keyId, "hold-"), holds => holds.Count == 0, TimeSpan.FromSeconds(30), $"the runs of {keyId} charged");

    private sealed record Credits(long Balance, long Held, long Available);

    private static async Task<Credits> BalanceAsync(HttpClient http)
    {
        var document = await GetJsonAsync(http, "/api/billing/balance");
        return new(document.GetProperty("balanceMicroCredits").GetInt64(), document.GetProperty("heldMicroCredits").GetInt64(),
            document.GetProperty("availableMicroCredits").GetInt64());
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<List<TableEntity>> RowsAsync(FunctionsApp app, string keyId, string prefix)
    {
        var rows = new List<TableEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {keyId} and RowKey ge {prefix} and RowKey lt {prefix + "~"}");
        await foreach (var row in app.Storage.UsageTable.QueryAsync<TableEntity>(filter))
            rows.Add(row);
        return rows;
    }
}
