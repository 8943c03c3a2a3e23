using System.Diagnostics;
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

        Assert.Equal(["AdminKeys", "CorsPreflight", "DispatchRun", "FailPoisonedRun", "GetRun", "GetUsage", "Health", "ListLanguages", "OpenApi", "RevokeKey", "ScaleBurstCapacity", "SubmitRun", "SweepRuns"], functions);
        Assert.Equal("runs", Binding("DispatchRun").GetProperty("queueName").GetString());
        Assert.Equal("runs-poison", Binding("FailPoisonedRun").GetProperty("queueName").GetString());
        Assert.Equal("timerTrigger", Binding("SweepRuns").GetProperty("type").GetString());
        Assert.Equal("timerTrigger", Binding("ScaleBurstCapacity").GetProperty("type").GetString());
    }

    [Fact]
    public async Task EveryHttpRouteInAFunctionJson_IsServedByTheApp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        using var openApi = JsonDocument.Parse(await app.CreateClient().GetStringAsync("/api/openapi.json"));
        var paths = openApi.RootElement.GetProperty("paths");
        var routes = Directory.GetFiles(_published.Path, "function.json", SearchOption.AllDirectories)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("bindings")[0])
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            // Routes of issue 6 are written for routePrefix "" ("api/…"); the older ones still rely on routePrefix "api".
            .Select(b => (Path: (b.GetProperty("route").GetString()!.StartsWith("api/", StringComparison.Ordinal) ? "/" : "/api/") + b.GetProperty("route").GetString(), Methods: b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList()))
            .ToList();

        Assert.Equal(9, routes.Count);
        // CORS preflights (OPTIONS on every API route) are answered by a middleware, not by an OpenAPI operation.
        Assert.Contains(routes, r => r.Path == "/api/{*path}" && r.Methods.SequenceEqual(["options"]));
        foreach (var route in routes.Where(r => r.Path is not ("/api/openapi.json" or "/api/{*path}")))
        {
            Assert.True(paths.TryGetProperty(route.Path, out var operations), $"{route.Path} is not in the app's OpenAPI document");
            foreach (var method in route.Methods)
                Assert.True(operations.TryGetProperty(method, out _), $"{method} {route.Path} is not served");
        }
        Assert.Contains(routes, r => r.Path == "/api/openapi.json");
    }

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
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet publish took over 3 minutes.");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"dotnet publish failed:\n{output.Result}\n{errors.Result}");
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
