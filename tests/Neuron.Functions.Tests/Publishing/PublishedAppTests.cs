using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Publishing;

/// <summary>`dotnet publish` must yield a folder that deploys as a Functions app as it is.</summary>
public sealed class PublishedAppTests : IClassFixture<PublishedAppTests.PublishedFolder>
{
    private readonly PublishedFolder _published;

    public PublishedAppTests(PublishedFolder published) => _published = published;

    [Fact]
    public void HostJson_IsAtTheRoot_AndNamesAnExecutableThatIsThere()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "host.json")));
        var handler = host.RootElement.GetProperty("customHandler");
        var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;

        var path = Path.Combine(_published.Path, executable);
        Assert.True(File.Exists(path), $"{executable} is not in the published folder");
        if (!OperatingSystem.IsWindows())
            Assert.True(File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        Assert.True(handler.GetProperty("enableProxyingHttpRequest").GetBoolean());
        var queues = host.RootElement.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(TimeSpan.FromMilliseconds(100), TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!));
        Assert.True(queues.GetProperty("maxDequeueCount").GetInt32() >= 1);
    }

    [Fact]
    public void EveryFunction_HasItsFolderWithAFunctionJson()
    {
        var functions = Directory.GetDirectories(_published.Path)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(Path.GetFileName)
            .Order()
            .ToList();

        Assert.Equal(["AdminKeys", "CorsPreflight", "DispatchRun", "EmbedScript", "FailPoisonedRun", "GetRun", "GetUsage", "Health", "ListLanguages", "OpenApi",
            "Playground", "PlaygroundAsset", "RevokeKey", "ScaleBurstCapacity", "SubmitRun", "SweepRuns"], functions);
        Assert.Equal("runs", Binding("DispatchRun").GetProperty("queueName").GetString());
        Assert.Equal("runs-poison", Binding("FailPoisonedRun").GetProperty("queueName").GetString());
        Assert.Equal("timerTrigger", Binding("SweepRuns").GetProperty("type").GetString());
        Assert.Equal("timerTrigger", Binding("ScaleBurstCapacity").GetProperty("type").GetString());
    }

    [Fact]
    public void HostJson_HasNoRoutePrefix_SoThePlaygroundCanBeServedAtTheRoot()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, "host.json")));

        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public async Task EveryHttpRouteInAFunctionJson_IsServedByTheApp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var http = app.CreateClient();
        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/api/openapi.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        var routes = HttpRoutes();

        Assert.Equal(12, routes.Count);
        var api = routes.Where(r => r.Route.StartsWith("api/", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, api.Count);
        // CORS preflights (OPTIONS on every API route) are answered by a middleware, not by an OpenAPI operation.
        Assert.Contains(api, r => r.Route == "api/{*path}" && r.Methods.SequenceEqual(["options"]));
        foreach (var route in api.Where(r => r.Route is not ("api/openapi.json" or "api/{*path}")))
        {
            Assert.True(paths.TryGetProperty("/" + route.Route, out var operations), $"/{route.Route} is not in the app's OpenAPI document");
            foreach (var method in route.Methods)
                Assert.True(operations.TryGetProperty(method, out _), $"{method} /{route.Route} is not served");
        }
        Assert.Contains(api, r => r.Route == "api/openapi.json");
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

        // The Functions host takes an empty route as "the function's name": an optional, empty-only parameter matches the root.
        var expected = function == "Playground" ? "{ignored:maxlength(0)?}" : path[1..].Replace("playground.js", "{file}", StringComparison.Ordinal);
        Assert.Equal(expected, route.Route);
        Assert.Equal(["get", "head"], route.Methods);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(path)).StatusCode);
    }

    private List<(string Function, string Route, List<string> Methods)> HttpRoutes() =>
        Directory.GetFiles(_published.Path, "function.json", SearchOption.AllDirectories)
            .Select(f => (Function: Path.GetFileName(Path.GetDirectoryName(f))!, Binding: JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("bindings")[0]))
            .Where(b => b.Binding.GetProperty("type").GetString() == "httpTrigger")
            .Select(b => (b.Function, b.Binding.GetProperty("route").GetString()!, b.Binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList()))
            .ToList();

    private JsonElement Binding(string function) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_published.Path, function, "function.json"))).RootElement.GetProperty("bindings")[0];

    /// <summary>Publishes the app once for the class into a temporary folder.</summary>
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
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet publish took over 10 minutes.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed:\n{output.Result}\n{errors.Result}");
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
