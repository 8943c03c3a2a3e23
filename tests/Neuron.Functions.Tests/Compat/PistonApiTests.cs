using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Compat;

/// <summary><c>/api/v2</c> against Piston v2's shapes (engineer-man/piston api/src/api/v2.js, job.js), over the real pipeline with a stub runner.</summary>
public sealed class PistonApiTests : IAsyncLifetime
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
        _http.Dispose();
        await _app.DisposeAsync();
        await _runner.DisposeAsync();
    }

    [Fact]
    public async Task Runtimes_ListEveryLanguage_WithASemverVersion_UnderPistonsNames()
    {
        using var anonymous = _app.AnonymousClient();

        var runtimes = (await JsonAsync(await anonymous.GetAsync("/api/v2/runtimes"))).EnumerateArray().ToList();

        Assert.Equal(["python", "c++"], runtimes.Select(r => r.GetProperty("language").GetString()));
        Assert.Equal(["3.11.2", "12.2.0"], runtimes.Select(r => r.GetProperty("version").GetString()));
        Assert.Equal(["py", "python3"], runtimes[0].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["cpp"], runtimes[1].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Execute_WithoutContentType_RunsAndAnswersInPistonsShape()
    {
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(
            """{"language":"py","version":"3.x","files":[{"name":"main.py","content":"print(input())"}],"stdin":"hello","args":["1","2"]}"""));
        ExecuteRequest? seen = null;
        _runner.Executing += r => seen = r;

        var response = await _http.PostAsync("/api/v2/execute", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await JsonAsync(response);
        Assert.Equal("python", result.GetProperty("language").GetString());
        Assert.Equal("3.11.2", result.GetProperty("version").GetString());
        Assert.False(result.TryGetProperty("compile", out _));
        var run = result.GetProperty("run");
        // Piston ends stdin with a newline; the stub echoes stdin.
        Assert.Equal("hello\n", run.GetProperty("stdout").GetString());
        Assert.Equal("", run.GetProperty("stderr").GetString());
        Assert.Equal("hello\n", run.GetProperty("output").GetString());
        Assert.Equal(0, run.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("signal").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("status").ValueKind);
        Assert.Equal(8, run.GetProperty("cpu_time").GetInt32());
        Assert.Equal(12, run.GetProperty("wall_time").GetInt32());
        Assert.Equal(9_000 * 1024, run.GetProperty("memory").GetInt64());
        Assert.Equal(["1", "2"], seen!.Args);
        Assert.Equal("print(input())", seen.Source);
    }

    [Fact]
    public async Task Execute_LabelledTextPlain_AsNodeFetchSendsIt_IsReadAsJson_ButAFormIs415()
    {
        var text = new StringContent("""{"language":"python","version":"*","files":[{"content":"x"}]}""", Encoding.UTF8, "text/plain");
        var form = new StringContent("language=python", Encoding.UTF8, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync("/api/v2/execute", text)).StatusCode);
        var refused = await _http.PostAsync("/api/v2/execute", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.Equal("requests must be of type application/json", (await JsonAsync(refused)).GetProperty("message").GetString());
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { """{"version":"*","files":[]}""", "language is required as a string" },
        { """{"language":"python","files":[]}""", "version is required as a string" },
        { """{"language":"python","version":"*"}""", "files is required as an array" },
        { """{"language":"python","version":"*","files":[{"name":"a"}]}""", "files[0].content is required as a string" },
        { """{"language":"python","version":"2.x","files":[{"content":"x"}]}""", "python-2.x runtime is unknown" },
        { """{"language":"cobol","version":"*","files":[{"content":"x"}]}""", "cobol-* runtime is unknown" },
        { """{"language":"python","version":"*","files":[{"content":"eA==","encoding":"base64"}]}""", "files must include at least one utf8 encoded file" },
        { """{"language":"python","version":"*","files":[{"content":"x"}],"run_timeout":"3000"}""", "If specified, run_timeout must be a number" },
        { """{"language":"python","version":"*","files":[{"content":"x"}],"run_timeout":999999}""", "run_timeout cannot exceed the configured limit of 10000" },
        { """{"language":"python","version":"*","files":[{"content":"x"}],"run_cpu_time":-5}""", "run_cpu_time must be non-negative" },
        { """[1,2]""", "the body must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_Is400WithPistonsMessage_AndNothingIsStored(string body, string message)
    {
        var response = await _http.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, (await JsonAsync(response)).GetProperty("message").GetString());
        Assert.Empty(await _app.RunsTable.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task Limits_BecomeTheRunsLimits_AndMinusOneMemoryIsTheDefault()
    {
        var seen = new List<ExecuteRequest>();
        _runner.Executing += r => { lock (seen) seen.Add(r); };

        await ExecuteAsync("""{"language":"python","version":"*","files":[{"content":"x"}],"run_timeout":3000,"run_cpu_time":1500,"run_memory_limit":100000000}""");
        await ExecuteAsync("""{"language":"python","version":"*","files":[{"content":"x"}],"run_memory_limit":-1,"compile_memory_limit":-1,"compile_timeout":10000}""");

        Assert.Equal(new RunLimits(1500, 96, 64), seen[0].Limits);
        Assert.Equal(new RunLimits(2000, 128, 64), seen[1].Limits);
    }

    [Fact]
    public async Task CompiledLanguage_HasACompileStage_AndACompileErrorRepeatsItAsRun()
    {
        _runner.Respond = r => new ExecuteResult
        {
            Verdict = Verdicts.CompileError,
            Language = r.Language,
            Version = "12.2-stub",
            CompileOutput = "main.cpp:1:1: error: 'x' does not name a type",
        };

        var result = await ExecuteAsync("""{"language":"c++","version":"12","files":[{"content":"x"}]}""");

        Assert.Equal("c++", result.GetProperty("language").GetString());
        Assert.Equal("12.2.0", result.GetProperty("version").GetString());
        foreach (var stage in new[] { result.GetProperty("compile"), result.GetProperty("run") })
        {
            Assert.Equal(1, stage.GetProperty("code").GetInt32());
            Assert.Equal("RE", stage.GetProperty("status").GetString());
            Assert.Contains("does not name a type", stage.GetProperty("stderr").GetString());
            Assert.Contains("does not name a type", stage.GetProperty("output").GetString());
        }
    }

    [Fact]
    public async Task Verdicts_BecomePistonStatuses()
    {
        var verdicts = new Queue<ExecuteResult>(
        [
            Stub(Verdicts.RuntimeError, exitCode: 2, stderr: "boom"),
            Stub(Verdicts.RuntimeError, signal: 11),
            Stub(Verdicts.TimeLimit, signal: 9),
            Stub(Verdicts.OutputLimit) with { StderrTruncated = true },
            Stub(Verdicts.InternalError),
        ]);
        _runner.Respond = r => verdicts.Dequeue() with { Language = r.Language };

        var stages = new List<JsonElement>();
        for (var i = 0; i < 5; i++)
            stages.Add((await ExecuteAsync("""{"language":"python","version":"*","files":[{"content":"x"}]}""")).GetProperty("run"));

        Assert.Equal(["RE", "SG", "TO", "EL", "XX"], stages.Select(s => s.GetProperty("status").GetString()));
        Assert.Equal(2, stages[0].GetProperty("code").GetInt32());
        Assert.Equal("out\nboom", stages[0].GetProperty("output").GetString());
        Assert.Equal("SIGSEGV", stages[1].GetProperty("signal").GetString());
        Assert.Equal(JsonValueKind.Null, stages[1].GetProperty("code").ValueKind);
        Assert.Equal("SIGKILL", stages[2].GetProperty("signal").GetString());
        Assert.Equal("Time limit exceeded", stages[2].GetProperty("message").GetString());
    }

    [Fact]
    public async Task WithoutAKey_ExecuteIs401_AndBasicCredentialsCarryingTheKeyAreAccepted()
    {
        using var anonymous = _app.AnonymousClient();
        var body = """{"language":"python","version":"*","files":[{"content":"x"}]}""";

        var refused = await anonymous.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"));
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(_app.DefaultKey)));
        var basic = await anonymous.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"));
        anonymous.DefaultRequestHeaders.Authorization = null;
        anonymous.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", _app.DefaultKey);
        var bare = await anonymous.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheAdapters_WithPistonsFieldNames()
    {
        var openApi = await JsonAsync(await _http.GetAsync("/api/openapi.json"));

        var paths = openApi.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v2/runtimes", paths);
        Assert.Contains("/api/v2/execute", paths);
        Assert.Contains("/judge0/submissions", paths);
        Assert.Contains("/judge0/submissions/{token}", paths);
        Assert.Contains("/judge0/submissions/batch", paths);
        Assert.Contains("/judge0/statuses", paths);
        Assert.DoesNotContain("/judge0/{path}", paths);
        var stage = openApi.GetProperty("components").GetProperty("schemas").GetProperty("PistonStage").GetProperty("properties");
        Assert.Equal(["stdout", "stderr", "output", "code", "signal", "message", "status", "cpu_time", "wall_time", "memory"],
            stage.EnumerateObject().Select(p => p.Name));
    }

    private static ExecuteResult Stub(string verdict, int? exitCode = null, int? signal = null, string stderr = "") => new()
    {
        Verdict = verdict,
        Language = "python",
        Version = StubRunner.PythonVersion,
        Stdout = "out\n",
        Stderr = stderr,
        ExitCode = exitCode,
        Signal = signal,
        WallMs = 5,
        CpuMs = 4,
        MemoryKb = 1_000,
    };

    private async Task<JsonElement> ExecuteAsync(string body)
    {
        var response = await _http.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json", $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
