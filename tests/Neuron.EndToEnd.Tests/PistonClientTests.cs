using System.Text.Json;
using Neuron.Testing;

namespace Neuron.EndToEnd.Tests;

/// <summary>
/// The npm <c>piston-client</c> (pinned in <c>PistonClient/package.json</c>, installed here with <c>npm ci</c>) drives
/// <c>/api/v2</c> from Node against the whole local stack, as code written for Piston would: only its server URL
/// changes. Node and npm missing fail these tests; nothing is skipped.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class PistonClientTests(StackFixture stack)
{
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "tests", "Neuron.EndToEnd.Tests", "PistonClient");
    private static readonly Lazy<Task> Installed = new(InstallAsync);

    [Fact]
    public async Task Runtimes_ListEveryLanguage()
    {
        var runtimes = await DriveAsync("runtimes");

        var languages = runtimes.EnumerateArray().Select(r => r.GetProperty("language").GetString()).ToList();
        Assert.Contains("python", languages);
        Assert.Contains("c++", languages);
        Assert.All(runtimes.EnumerateArray(), r => Assert.Matches(@"^\d+\.\d+\.\d+$", r.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task ExecutePython_ReturnsPistonsRunStage()
    {
        var result = await DriveAsync("python");

        Assert.Equal("python", result.GetProperty("language").GetString());
        var run = result.GetProperty("run");
        Assert.Equal("noruen\n", run.GetProperty("stdout").GetString());
        Assert.Equal("to stderr\n", run.GetProperty("stderr").GetString());
        Assert.Equal("noruen\nto stderr\n", run.GetProperty("output").GetString());
        Assert.Equal(0, run.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("signal").ValueKind);
    }

    [Fact]
    public async Task ExecuteACompileError_ReportsTheCompilersMessage()
    {
        var result = await DriveAsync("compile-error");

        Assert.Equal("c++", result.GetProperty("language").GetString());
        var compile = result.GetProperty("compile");
        Assert.Equal(1, compile.GetProperty("code").GetInt32());
        Assert.Contains("missing", compile.GetProperty("stderr").GetString());
        Assert.Equal(1, result.GetProperty("run").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ExecuteSeveralFiles_RunsTheFirst_WithTheOthersBesideIt()
    {
        var result = await DriveAsync("multi-file");

        Assert.Equal("42\n", result.GetProperty("run").GetProperty("stdout").GetString());
    }

    private async Task<JsonElement> DriveAsync(string scenario)
    {
        await Installed.Value;
        var server = new UriBuilder(stack.Stack.ApiUrl) { UserName = stack.Key }.Uri.ToString().TrimEnd('/');
        var run = await ProcessRunner.RunAsync("node", [Path.Combine(Folder, "drive.mjs"), server, scenario], TimeSpan.FromMinutes(2), workingDirectory: Folder);
        Assert.True(run.ExitCode == 0, $"node drive.mjs {scenario}: exit {run.ExitCode}\n{run.Output}");
        var answer = JsonDocument.Parse(run.StandardOutput).RootElement.Clone();
        // piston-client turns a failed request into {success: false, error}; Piston's own errors are {message}.
        Assert.False(answer.ValueKind == JsonValueKind.Object && (answer.TryGetProperty("message", out _) || answer.TryGetProperty("success", out _)),
            $"{scenario}: {run.StandardOutput}");
        return answer;
    }

    /// <summary><c>npm ci</c> in the pinned folder, unless its packages are already installed from the current lockfile.</summary>
    private static async Task InstallAsync()
    {
        var installedLock = Path.Combine(Folder, "node_modules", ".package-lock.json");
        if (File.Exists(Path.Combine(Folder, "node_modules", "piston-client", "package.json"))
            && File.GetLastWriteTimeUtc(installedLock) >= File.GetLastWriteTimeUtc(Path.Combine(Folder, "package-lock.json")))
            return;
        var npm = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5), workingDirectory: Folder);
        Assert.True(npm.ExitCode == 0, $"npm ci in {Folder} failed ({npm.ExitCode}):\n{npm.Output}");
    }
}
