using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Neuron.Functions.Hosting;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Publishing;

/// <summary>
/// `dotnet publish` must yield a folder that deploys as an isolated-worker Functions app as it is: the host reads
/// host.json, worker.config.json, functions.metadata and the extensions payload; these tests read them the same way.
/// </summary>
public sealed class PublishedAppTests : IClassFixture<PublishedAppTests.PublishedFolder>
{
    /// <summary>What Azure must be told about every function: the contract of the API, the queues and the timers.</summary>
    public static readonly TheoryData<string, string, string?, string?> Expected = new()
    {
        { "SubmitRun", "httpTrigger", "api/runs", "post" },
        { "GetRun", "httpTrigger", "api/runs/{id}", "get" },
        { "GetRunFile", "httpTrigger", "api/runs/{id}/files/{name}", "get" },
        { "SubmitRunBatch", "httpTrigger", "api/runs/batch", "post" },
        { "GetRuns", "httpTrigger", "api/runs", "get" },
        { "ListLanguages", "httpTrigger", "api/languages", "get" },
        { "Health", "httpTrigger", "api/health", "get" },
        { "Metrics", "httpTrigger", "api/metrics", "get" },
        { "OpenApi", "httpTrigger", "api/openapi.json", "get" },
        { "GetUsage", "httpTrigger", "api/usage", "get" },
        { "CreateKey", "httpTrigger", "api/admin/keys", "post" },
        { "ListKeys", "httpTrigger", "api/admin/keys", "get" },
        { "RevokeKey", "httpTrigger", "api/admin/keys/{id}", "delete" },
        { "ReplaceWebhookSecret", "httpTrigger", "api/admin/keys/{id}/webhook-secret", "post" },
        { "GetBalance", "httpTrigger", "api/billing/balance", "get" },
        { "GetStatement", "httpTrigger", "api/billing/statement", "get" },
        { "TopUpCredits", "httpTrigger", "api/admin/keys/{id}/credits", "post" },
        { "ExportStatements", "httpTrigger", "api/admin/billing/statements", "get" },
        { "CorsPreflight", "httpTrigger", "api/{*path}", "options" },
        // Piston v2 and Judge0 CE (Compat/).
        { "PistonRuntimes", "httpTrigger", "api/v2/runtimes", "get" },
        { "PistonExecute", "httpTrigger", "api/v2/execute", "post" },
        { "Judge0CreateSubmission", "httpTrigger", "judge0/submissions", "post" },
        { "Judge0GetSubmission", "httpTrigger", "judge0/submissions/{token}", "get" },
        { "Judge0CreateSubmissionBatch", "httpTrigger", "judge0/submissions/batch", "post" },
        { "Judge0GetSubmissionBatch", "httpTrigger", "judge0/submissions/batch", "get" },
        { "Judge0Languages", "httpTrigger", "judge0/languages", "get" },
        { "Judge0AllLanguages", "httpTrigger", "judge0/languages/all", "get" },
        { "Judge0Language", "httpTrigger", "judge0/languages/{id}", "get" },
        { "Judge0Statuses", "httpTrigger", "judge0/statuses", "get" },
        { "Judge0About", "httpTrigger", "judge0/about", "get" },
        { "Judge0ConfigInfo", "httpTrigger", "judge0/config_info", "get" },
        { "Judge0Authenticate", "httpTrigger", "judge0/authenticate", "post" },
        { "Judge0CorsPreflight", "httpTrigger", "judge0/{*path}", "options" },
        // The host takes an empty route as "the function's name": an optional, empty-only parameter matches the root.
        { "Playground", "httpTrigger", "{ignored:maxlength(0)?}", "get,head" },
        { "PlaygroundAsset", "httpTrigger", "playground/{file}", "get,head" },
        { "EmbedScript", "httpTrigger", "embed.js", "get,head" },
        // Queue triggers: queue name and connection setting name.
        { "DispatchRun", "queueTrigger", "runs", "AzureWebJobsStorage" },
        { "FailPoisonedRun", "queueTrigger", "runs-poison", "AzureWebJobsStorage" },
        { "DeliverWebhook", "queueTrigger", "webhooks", "AzureWebJobsStorage" },
        { "FailPoisonedWebhook", "queueTrigger", "webhooks-poison", "AzureWebJobsStorage" },
        // Timer triggers: the NCRONTAB schedule.
        { "SweepRuns", "timerTrigger", "*/10 * * * * *", null },
        { "ScaleBurstCapacity", "timerTrigger", "0 */1 * * * *", null },
    };

    private readonly PublishedFolder _published;

    public PublishedAppTests(PublishedFolder published) => _published = published;

    [Fact]
    public void HostJson_HasNoCustomHandler_NoRoutePrefix_AndTheQueueSettings()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "host.json")));

        Assert.False(host.RootElement.TryGetProperty("customHandler", out _));
        Assert.False(host.RootElement.TryGetProperty("extensionBundle", out _), "an isolated-worker app ships its extensions; a bundle would override them");
        var extensions = host.RootElement.GetProperty("extensions");
        Assert.Equal("", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var queues = extensions.GetProperty("queues");
        Assert.Equal(TimeSpan.FromMilliseconds(100), TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(2), TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(5, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(32, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(8, queues.GetProperty("newBatchThreshold").GetInt32());
    }

    [Fact]
    public void WorkerConfig_NamesTheIsolatedWorker_AndItsAssembly()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.True(description.GetProperty("workerIndexing").GetString() is "true");
        // Framework-dependent: Flex's dotnet-isolated 10.0 stack brings the runtime, the host starts `dotnet <worker>`.
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.True(File.Exists(Path.Combine(_published.Path, description.GetProperty("defaultWorkerPath").GetString()!)));
    }

    [Fact]
    public void ExtensionsPayload_CarriesTheQueueExtension_AtItsHintPath()
    {
        using var extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "extensions.json")));
        var queue = extensions.RootElement.GetProperty("extensions").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "AzureStorageQueues");

        var hint = queue.GetProperty("hintPath").GetString()!;
        Assert.StartsWith("./.azurefunctions/", hint, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_published.Path, hint)), $"{hint} is missing");
    }

    [Fact]
    public void NoFunctionJson_AnyMore()
    {
        var sources = Directory.GetFiles(Path.Combine(RepoRoot.Path, "functions"), "*", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"));
        var published = Directory.GetFiles(_published.Path, "*", SearchOption.AllDirectories);

        Assert.DoesNotContain(sources.Concat(published), f => Path.GetFileName(f) == "function.json");
    }

    [Fact]
    public void FunctionsMetadata_DeclaresExactlyTheExpectedFunctions()
    {
        Assert.Equal(Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal), Metadata().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void FunctionsMetadata_DeclaresTheTrigger(string function, string type, string? routeOrQueueOrSchedule, string? methodsOrConnection)
    {
        var trigger = Trigger(function);

        Assert.Equal(type, trigger.GetProperty("type").GetString());
        switch (type)
        {
            case "httpTrigger":
                Assert.Equal(routeOrQueueOrSchedule, trigger.GetProperty("route").GetString());
                Assert.Equal(methodsOrConnection!.Split(','), trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
                Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
                break;
            case "queueTrigger":
                Assert.Equal(routeOrQueueOrSchedule, trigger.GetProperty("queueName").GetString());
                Assert.Equal(methodsOrConnection, trigger.GetProperty("connection").GetString());
                break;
            default:
                Assert.Equal(routeOrQueueOrSchedule, trigger.GetProperty("schedule").GetString());
                break;
        }
    }

    [Fact]
    public void LocalMode_ServesAndTriggersWhatTheMetadataDeclares()
    {
        // Local mode discovers the functions from the attributes at run time; Azure reads the generated metadata.
        var local = FunctionCatalog.Discover().All.ToDictionary(f => f.Name, f => f.Trigger switch
        {
            HttpFunctionTrigger http => ("httpTrigger", http.Route, string.Join(',', http.Methods)),
            QueueFunctionTrigger queue => ("queueTrigger", queue.QueueName, queue.Connection),
            TimerFunctionTrigger timer => ("timerTrigger", timer.Schedule, ""),
            _ => throw new InvalidOperationException(),
        });
        var published = Metadata().Keys.ToDictionary(name => name, name =>
        {
            var t = Trigger(name);
            return t.GetProperty("type").GetString() switch
            {
                "httpTrigger" => ("httpTrigger", t.GetProperty("route").GetString()!, string.Join(',', t.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()))),
                "queueTrigger" => ("queueTrigger", t.GetProperty("queueName").GetString()!, t.GetProperty("connection").GetString()!),
                var other => (other!, t.GetProperty("schedule").GetString()!, ""),
            };
        });

        Assert.Equal(published.OrderBy(p => p.Key, StringComparer.Ordinal), local.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryApiRouteInTheMetadata_IsInTheOpenApiDocument_AndServed()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/api/openapi.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        var api = HttpRoutes().Where(r => r.Route.StartsWith("api/", StringComparison.Ordinal) || r.Route.StartsWith("judge0/", StringComparison.Ordinal)).ToList();

        Assert.Equal(33, api.Count);
        // CORS preflights and the document itself are not operations of the document.
        foreach (var route in api.Where(r => r.Route is not ("api/openapi.json" or "api/{*path}" or "judge0/{*path}")))
        {
            Assert.True(paths.TryGetProperty("/" + route.Route, out var operations), $"/{route.Route} is not in the app's OpenAPI document");
            foreach (var method in route.Methods)
                Assert.True(operations.TryGetProperty(method, out _), $"{method} /{route.Route} is not in the document");
        }
        Assert.Equal(27, paths.EnumerateObject().Count());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/openapi.json")).StatusCode);
    }

    [Theory]
    [InlineData("Playground", "/")]
    [InlineData("PlaygroundAsset", "/playground/playground.js")]
    [InlineData("EmbedScript", "/embed.js")]
    public async Task WebFunction_RoutesToAFileTheAppServes(string function, string path)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var route = HttpRoutes().Single(r => r.Function == function);

        var expected = function == "Playground" ? "{ignored:maxlength(0)?}" : path[1..].Replace("playground.js", "{file}", StringComparison.Ordinal);
        Assert.Equal(expected, route.Route);
        Assert.Equal(["get", "head"], route.Methods);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(path)).StatusCode);
    }

    private Dictionary<string, JsonElement> Metadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "functions.metadata")));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }

    private JsonElement Trigger(string function) =>
        Metadata()[function].GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private List<(string Function, string Route, List<string> Methods)> HttpRoutes() =>
        Metadata().Keys.Select(name => (Function: name, Trigger: Trigger(name)))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => (f.Function, f.Trigger.GetProperty("route").GetString()!, f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).ToList()))
            .ToList();

    /// <summary>
    /// Publishes the app once for the class into a temporary folder: a full restore and ReadyToRun build of its own, which
    /// took over 10 minutes at load average 40; the bound only turns a hung publish into a failure.
    /// </summary>
    public sealed class PublishedFolder : IDisposable
    {
        public PublishedFolder()
        {
            Path = Directory.CreateTempSubdirectory("neuron-publish-").FullName;
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoRoot.Path,
            };
            foreach (var arg in new[] { "publish", "functions/Neuron.Functions", "-o", Path, "--nologo" })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(25)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet publish took over 25 minutes.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed:\n{output.Result}\n{errors.Result}");
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
