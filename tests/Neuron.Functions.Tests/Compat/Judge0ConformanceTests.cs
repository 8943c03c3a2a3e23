using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Compat;

/// <summary>
/// <c>/judge0</c> against Judge0 CE 1.13.1's documented request and response shapes (docs/api of judge0/judge0), over
/// the real pipeline: Azurite, the queue, the dispatcher and a stub runner at the HTTP boundary. Every submission is
/// made with Judge0's own key header, <c>X-Auth-Token</c>.
/// </summary>
public sealed class Judge0ConformanceTests : IAsyncLifetime
{
    private static readonly string[] DefaultFields = ["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"];

    private StubRunner _runner = null!;
    private FunctionsApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _runner = await StubRunner.StartAsync();
        _app = await FunctionsApp.StartAsync(_runner.Url);
        _http = _app.AnonymousClient();
        _http.DefaultRequestHeaders.Add("X-Auth-Token", _app.DefaultKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _runner.DisposeAsync();
    }

    [Fact]
    public async Task CreateWithWait_Answers201WithTheFinishedSubmission_InTheDefaultFields()
    {
        var response = await PostAsync("/judge0/submissions?wait=true", new { source_code = "print(input())", language_id = 71, stdin = "Judge0" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal(DefaultFields, body.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", body.GetProperty("token").GetString());
        Assert.Equal("Judge0", body.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("stderr").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("compile_output").ValueKind);
        Assert.Equal("0.008", body.GetProperty("time").GetString());
        Assert.Equal(9000, body.GetProperty("memory").GetInt32());
        Assert.Equal(3, body.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Accepted", body.GetProperty("status").GetProperty("description").GetString());
    }

    [Fact]
    public async Task CreateWithoutWait_AnswersOnlyTheToken_AndTheTokenReadsEveryField()
    {
        var response = await PostAsync("/judge0/submissions", new { source_code = "print(input())", language_id = "71", stdin = "x\n", expected_output = "x" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await JsonAsync(response);
        var token = Assert.Single(created.EnumerateObject(), p => p.Name == "token").Value.GetString()!;
        Assert.Single(created.EnumerateObject());

        var submission = await FinishedAsync(token, "?fields=*");
        Assert.Equal(Functions.Compat.Judge0.Judge0Fields.AllNames, submission.EnumerateObject().Select(p => p.Name));
        Assert.Equal("print(input())", submission.GetProperty("source_code").GetString());
        Assert.Equal(71, submission.GetProperty("language_id").GetInt32());
        Assert.Equal(71, submission.GetProperty("language").GetProperty("id").GetInt32());
        Assert.Equal("Python (3.11.2)", submission.GetProperty("language").GetProperty("name").GetString());
        Assert.Equal("x\n", submission.GetProperty("stdin").GetString());
        Assert.Equal("x", submission.GetProperty("expected_output").GetString());
        Assert.Equal(3, submission.GetProperty("status_id").GetInt32());
        Assert.Equal(0, submission.GetProperty("exit_code").GetInt32());
        Assert.Equal(token, submission.GetProperty("token").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", submission.GetProperty("finished_at").GetString());
    }

    [Fact]
    public async Task Fields_ReturnExactlyTheNamedAttributes_AndAnUnknownNameIs400()
    {
        var token = await CreateAsync(new { source_code = "print(1)", language_id = 71, stdin = "out" });
        var submission = await FinishedAsync(token, "?fields=stdout,status_id,language_id");

        Assert.Equal(["stdout", "status_id", "language_id"], submission.EnumerateObject().Select(p => p.Name));

        var refused = await _http.GetAsync($"/judge0/submissions/{token}?fields=stdout,bogus,nope");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("invalid fields: [bogus, nope]", (await JsonAsync(refused)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Base64Encoded_DecodesTheInputs_AndEncodesTheOutputsAsJudge0Does()
    {
        var stdin = "héllo, Judge0 — a line long enough to need a second line of Base64 when encoded\n";
        var response = await PostAsync("/judge0/submissions?base64_encoded=true&wait=true&fields=stdout,stdin,source_code,status",
            new { source_code = B64("print(input())"), language_id = 71, stdin = B64(stdin) });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await JsonAsync(response);
        var stdout = body.GetProperty("stdout").GetString()!;
        // Ruby's Base64.encode64: lines of 60 characters, each ending in a newline.
        Assert.All(stdout.Split('\n')[..^1], line => Assert.True(line.Length <= 60, line));
        Assert.EndsWith("\n", stdout);
        Assert.Equal(stdin, Encoding.UTF8.GetString(Convert.FromBase64String(stdout.Replace("\n", ""))));
        Assert.Equal("print(input())", Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("source_code").GetString()!.Replace("\n", ""))));

        var token = await CreateAsync(new { source_code = B64("print(input())"), language_id = 71, stdin = B64("plain") }, "?base64_encoded=true");
        var raw = await FinishedAsync(token, "?base64_encoded=false&fields=stdout,source_code");
        Assert.Equal("plain", raw.GetProperty("stdout").GetString());
        Assert.Equal("print(input())", raw.GetProperty("source_code").GetString());
    }

    [Fact]
    public async Task InvalidBase64_Is422OnTheField()
    {
        var response = await PostAsync("/judge0/submissions?base64_encoded=true", new { source_code = "not base64!!", language_id = 71 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("is not valid Base64", (await JsonAsync(response)).GetProperty("source_code")[0].GetString());
    }

    [Fact]
    public async Task ExpectedOutput_ThatDiffers_IsWrongAnswer()
    {
        var body = await JsonAsync(await PostAsync("/judge0/submissions?wait=true", new { source_code = "x", language_id = 71, stdin = "one", expected_output = "two" }));

        Assert.Equal(4, body.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Wrong Answer", body.GetProperty("status").GetProperty("description").GetString());
    }

    [Fact]
    public async Task InvalidSubmission_Is422WithJudge0sFieldErrors_AndNothingIsStored()
    {
        var missing = await PostAsync("/judge0/submissions", new { stdin = "x" });
        var unknown = await PostAsync("/judge0/submissions", new { source_code = "x", language_id = 150000 });
        var tooLong = await PostAsync("/judge0/submissions", new { source_code = "x", language_id = 71, cpu_time_limit = 100 });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        var errors = await JsonAsync(missing);
        Assert.Equal("can't be blank", errors.GetProperty("source_code")[0].GetString());
        Assert.Equal("can't be blank", errors.GetProperty("language_id")[0].GetString());
        Assert.Equal("language with id 150000 doesn't exist", (await JsonAsync(unknown)).GetProperty("language_id")[0].GetString());
        Assert.Equal("must be less than or equal to 10", (await JsonAsync(tooLong)).GetProperty("cpu_time_limit")[0].GetString());
        Assert.Empty(await _app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task Batch_CreatesItemByItem_AndReadsByTokens_WithNullForUnknownOnes()
    {
        var response = await PostAsync("/judge0/submissions/batch", new
        {
            submissions = new object[]
            {
                new { source_code = "a", language_id = 71, stdin = "first" },
                new { source_code = "b", language_id = 150000 },
                new { source_code = "c", language_id = 71, stdin = "third" },
            },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var items = (await JsonAsync(response)).EnumerateArray().ToList();
        Assert.Equal(3, items.Count);
        var first = items[0].GetProperty("token").GetString()!;
        Assert.Equal("language with id 150000 doesn't exist", items[1].GetProperty("language_id")[0].GetString());
        var third = items[2].GetProperty("token").GetString()!;

        var unknown = "00000000-0000-7000-8000-000000000000";
        var read = await Eventually.GetAsync(async () => await JsonAsync(await _http.GetAsync($"/judge0/submissions/batch?tokens={first},{third},{unknown}&fields=token,stdout,status_id")),
            b => b.GetProperty("submissions").EnumerateArray().Take(2).All(s => s.GetProperty("status_id").GetInt32() > 2), TimeSpan.FromSeconds(30), "batch final");
        var submissions = read.GetProperty("submissions").EnumerateArray().ToList();
        Assert.Equal(["first", "third"], submissions.Take(2).Select(s => s.GetProperty("stdout").GetString()));
        Assert.Equal(JsonValueKind.Null, submissions[2].ValueKind);
    }

    [Fact]
    public async Task Batch_OfNoneOrOverTwenty_Is400_AndAllInvalid_Is422()
    {
        var empty = await PostAsync("/judge0/submissions/batch", new { submissions = Array.Empty<object>() });
        var tooMany = await PostAsync("/judge0/submissions/batch", new { submissions = Enumerable.Range(0, 21).Select(_ => new { source_code = "x", language_id = 71 }) });
        var invalid = await PostAsync("/judge0/submissions/batch", new { submissions = new[] { new { source_code = "x", language_id = 1 } } });
        var tooManyTokens = await _http.GetAsync("/judge0/submissions/batch?tokens=" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"t{i}")));

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("there should be at least one submission in a batch", (await JsonAsync(empty)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("number of submissions in a batch should be less than or equal to 20", (await JsonAsync(tooMany)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooManyTokens.StatusCode);
        Assert.Empty(await _app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
    }

    public static TheoryData<string, ExecuteResult, int, string?> Verdicts() => new()
    {
        { "segfault", Result(Runner.Contracts.Verdicts.RuntimeError, signal: 11), 7, "Caught fatal signal 11" },
        { "floating point", Result(Runner.Contracts.Verdicts.RuntimeError, signal: 8), 9, "Caught fatal signal 8" },
        { "abort", Result(Runner.Contracts.Verdicts.RuntimeError, signal: 6), 10, "Caught fatal signal 6" },
        { "non-zero exit", Result(Runner.Contracts.Verdicts.RuntimeError, exitCode: 3), 11, "Exited with error status 3" },
        { "time limit", Result(Runner.Contracts.Verdicts.TimeLimit, signal: 9), 5, "Time limit exceeded" },
        { "memory, OOM-killed", Result(Runner.Contracts.Verdicts.MemoryLimit, signal: 9), 12, "Memory limit exceeded" },
        { "memory, caught by the runtime", Result(Runner.Contracts.Verdicts.MemoryLimit, exitCode: 1), 11, "Memory limit exceeded" },
        { "output limit", Result(Runner.Contracts.Verdicts.OutputLimit, exitCode: 0) with { StdoutTruncated = true }, 8, "stdout length exceeded" },
        { "internal error", Result(Runner.Contracts.Verdicts.InternalError), 13, null },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public async Task RunnerVerdicts_MapOntoJudge0Statuses(string why, ExecuteResult result, int status, string? message)
    {
        _runner.Respond = request => result with { Language = request.Language, Version = StubRunner.PythonVersion };

        var body = await JsonAsync(await PostAsync("/judge0/submissions?wait=true&fields=status,message,exit_signal,exit_code", new { source_code = "x", language_id = 71 }));

        Assert.True(status == body.GetProperty("status").GetProperty("id").GetInt32(), $"{why}: {body}");
        if (message is not null)
            Assert.Equal(message, body.GetProperty("message").GetString());
        if (result.Signal is { } signal && status != 11)
            Assert.Equal(signal, body.GetProperty("exit_signal").GetInt32());
    }

    [Fact]
    public async Task CompileError_IsStatus6_WithTheCompilersOutput_AndNoRunFigures()
    {
        _runner.Respond = request => Result(Runner.Contracts.Verdicts.CompileError) with { Language = request.Language, CompileOutput = "main.cpp:1: error: expected ';'" };

        var body = await JsonAsync(await PostAsync("/judge0/submissions?wait=true", new { source_code = "int main() { return 0 }", language_id = 54 }));

        Assert.Equal(6, body.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("main.cpp:1: error: expected ';'", body.GetProperty("compile_output").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("stdout").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("time").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("memory").ValueKind);
    }

    [Fact]
    public async Task CommandLineArguments_AndAllowedCompilerOptions_ReachTheRunner()
    {
        var seen = new List<ExecuteRequest>();
        _runner.Executing += request => { lock (seen) seen.Add(request); };

        var ok = await PostAsync("/judge0/submissions?wait=true", new
        {
            source_code = "int main() {}",
            language_id = 54,
            compiler_options = "-O2 -pipe",
            command_line_arguments = "one 'two words' \"three\\\"q\" $(rm)",
        });
        var refused = await PostAsync("/judge0/submissions", new { source_code = "int main() {}", language_id = 54, compiler_options = "-O2 -fplugin=x.so" });
        var interpreted = await PostAsync("/judge0/submissions", new { source_code = "print(1)", language_id = 71, compiler_options = "-O2" });

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var request = Assert.Single(seen);
        Assert.Equal("cpp", request.Language);
        Assert.Equal(["one", "two words", "three\"q", "(rm)"], request.Args);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("'-fplugin=x.so' is not allowed; allowed options: -O2", (await JsonAsync(refused)).GetProperty("compiler_options")[0].GetString());
        Assert.Equal("setting compiler options is only allowed for compiled languages", (await JsonAsync(interpreted)).GetProperty("compiler_options")[0].GetString());
    }

    [Fact]
    public async Task CallbackUrl_IsChecked_AndAValidOneIsAccepted()
    {
        var valid = await PostAsync("/judge0/submissions", new { source_code = "x", language_id = 71, callback_url = "https://hooks.example/judge0" });
        var relative = await PostAsync("/judge0/submissions", new { source_code = "x", language_id = 71, callback_url = "/hooks" });
        var ftp = await PostAsync("/judge0/submissions", new { source_code = "x", language_id = 71, callback_url = "ftp://hooks.example/x" });

        Assert.Equal(HttpStatusCode.Created, valid.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, relative.StatusCode);
        Assert.Equal("must be an absolute http or https URL of at most 2048 characters", (await JsonAsync(ftp)).GetProperty("callback_url")[0].GetString());
    }

    [Fact]
    public async Task TokensOfAnotherKey_AreNotFound()
    {
        var token = await CreateAsync(new { source_code = "x", language_id = 71 });
        var other = await _app.CreateKeyAsync(new { kind = "secret", name = "other" });
        using var otherClient = _app.AnonymousClient();
        otherClient.DefaultRequestHeaders.Add("X-Auth-Token", other.Key);

        var response = await otherClient.GetAsync($"/judge0/submissions/{token}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("submission not found", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task XAuthToken_IsTheKey_AndWithoutAKeySubmissionsAre401()
    {
        using var anonymous = _app.AnonymousClient();
        var wrong = _app.AnonymousClient();
        wrong.DefaultRequestHeaders.Add("X-Auth-Token", "sk_" + new string('x', 32));

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/judge0/authenticate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/judge0/authenticate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsync("/judge0/authenticate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/judge0/submissions", Json(new { source_code = "x", language_id = 71 }))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/judge0/submissions/batch?tokens=a")).StatusCode);
        wrong.Dispose();
    }

    [Fact]
    public async Task Statuses_AreJudge0sFourteen()
    {
        var statuses = (await JsonAsync(await _http.GetAsync("/judge0/statuses"))).EnumerateArray()
            .Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("description").GetString())).ToList();

        Assert.Equal(
        [
            (1, "In Queue"), (2, "Processing"), (3, "Accepted"), (4, "Wrong Answer"), (5, "Time Limit Exceeded"), (6, "Compilation Error"),
            (7, "Runtime Error (SIGSEGV)"), (8, "Runtime Error (SIGXFSZ)"), (9, "Runtime Error (SIGFPE)"), (10, "Runtime Error (SIGABRT)"),
            (11, "Runtime Error (NZEC)"), (12, "Runtime Error (Other)"), (13, "Internal Error"), (14, "Exec Format Error"),
        ], statuses);
    }

    [Fact]
    public async Task Languages_CarryJudge0CeIds_AndTheCatalogueAnswersInJudge0sShapes()
    {
        using var anonymous = _app.AnonymousClient();
        var languages = (await JsonAsync(await anonymous.GetAsync("/judge0/languages"))).EnumerateArray()
            .Select(l => (l.GetProperty("id").GetInt32(), l.GetProperty("name").GetString())).ToList();
        var all = await JsonAsync(await anonymous.GetAsync("/judge0/languages/all"));
        var python = await JsonAsync(await anonymous.GetAsync("/judge0/languages/71"));
        var missing = await anonymous.GetAsync("/judge0/languages/9999");
        var about = await JsonAsync(await anonymous.GetAsync("/judge0/about"));
        var config = await JsonAsync(await anonymous.GetAsync("/judge0/config_info"));

        Assert.Equal([(54, "C++ (12.2)"), (71, "Python (3.11.2)")], languages);
        Assert.All(all.EnumerateArray(), l => Assert.False(l.GetProperty("is_archived").GetBoolean()));
        Assert.Equal("main.py", python.GetProperty("source_file").GetString());
        Assert.Equal(JsonValueKind.Null, python.GetProperty("compile_cmd").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("1.13.1", about.GetProperty("version").GetString());
        Assert.True(config.GetProperty("enable_wait_result").GetBoolean());
        Assert.Equal(10.0, config.GetProperty("max_cpu_time_limit").GetDouble());
        Assert.Equal(524288, config.GetProperty("max_memory_limit").GetInt32());
    }

    private static ExecuteResult Result(string verdict, int? signal = null, int? exitCode = null) => new()
    {
        Verdict = verdict,
        Language = "python",
        Version = StubRunner.PythonVersion,
        Signal = signal,
        ExitCode = exitCode,
        WallMs = 30,
        CpuMs = 20,
        MemoryKb = 4_000,
    };

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> PostAsync(string path, object body) => _http.PostAsync(path, Json(body));

    private async Task<string> CreateAsync(object body, string query = "")
    {
        var response = await PostAsync("/judge0/submissions" + query, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    /// <summary>The submission once final, as <paramref name="query"/> asks for it.</summary>
    private async Task<JsonElement> FinishedAsync(string token, string query)
    {
        await Eventually.GetAsync(async () => await JsonAsync(await _http.GetAsync($"/judge0/submissions/{token}?fields=status_id")),
            s => s.GetProperty("status_id").GetInt32() > 2, TimeSpan.FromSeconds(30), $"submission {token} final");
        return await JsonAsync(await _http.GetAsync($"/judge0/submissions/{token}{query}"));
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
