using System.Net;
using System.Net.Http.Json;
using Neuron.Functions.Health;
using Neuron.Functions.Languages;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;
using Neuron.Testing;

namespace Neuron.Functions.Tests.Languages;

/// <summary>
/// A cold instance (<c>prepare: false</c>: nothing read, nothing created before its first request) is as right from
/// its first request as a warm one: the versions a runner published earlier, or an explicit "no runner yet".
/// </summary>
public sealed class ColdStartTests
{
    /// <summary>A bound on a request that must not wait for a runner, far below the first need's configured wait.</summary>
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ColdApp_ServesTheVersionsARunnerPublishedEarlier_OnItsFirstRequest_WithNoRunnerReachable()
    {
        var prefix = FunctionsApp.NewPrefix();
        var runner = await StubRunner.StartAsync();
        await (await FunctionsApp.StartAsync(runner.Url, prefix: prefix)).DisposeAsync();
        await runner.StopAsync();

        await using var cold = await FunctionsApp.StartAsync(runner.Url, prefix: prefix, prepare: false);
        var http = cold.AnonymousClient();
        var response = await http.GetAsync("/api/languages");
        var languages = await response.Content.ReadFromJsonAsync<List<LanguageInfo>>(Client.Json);
        var health = await (await http.GetAsync("/api/health")).Content.ReadFromJsonAsync<HealthReport>(Client.Json);

        Assert.Equal(LanguagesSource.Stored, response.Headers.GetValues(LanguagesApi.SourceHeader).Single());
        Assert.Equal(StubRunner.Languages.Select(l => (l.Id, l.Version)), languages!.Select(l => (l.Id, l.Version)));
        Assert.Equal(LanguagesSource.Stored, health!.LanguagesSource);
        Assert.False(health.RunnerReachable);
    }

    [Fact]
    public async Task ColdApp_WithNoRunnerEverPublished_SaysSoPromptly_AndStillAcceptsRuns()
    {
        var runner = await StubRunner.StartDownAsync();
        // The first need may wait a minute here: answering within Answered means the app knew there was nothing to wait for.
        await using var cold = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?>
        {
            ["Languages:StoredReadTimeoutMs"] = "30000",
            ["Queues:LocalTriggersEnabled"] = "false",
        }, prepare: false);
        var http = cold.AnonymousClient();

        var response = await http.GetAsync("/api/languages").WaitAsync(Answered);
        var languages = await response.Content.ReadFromJsonAsync<List<LanguageInfo>>(Client.Json);
        var health = await http.GetAsync("/api/health").WaitAsync(Answered);
        var report = await health.Content.ReadFromJsonAsync<HealthReport>(Client.Json);
        var key = await cold.CreateKeyAsync(new { kind = "secret", name = "cold" });
        var submitted = await cold.ClientWithKey(key.Key).SubmitAsync(new { language = "java", source = "class Main {}" });

        Assert.Equal(LanguagesSource.None, response.Headers.GetValues(LanguagesApi.SourceHeader).Single());
        // The fallback is the runner's own catalog (runner/Neuron.Runner/Languages/languages.json), every language in it.
        var catalog = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "runner", "Neuron.Runner", "Languages", "languages.json")))
            .RootElement.EnumerateArray().Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.True(catalog.Count >= 40, $"{catalog.Count} languages in the runner's catalog");
        Assert.Equal(catalog, languages!.Select(l => l.Id));
        Assert.All(languages!, l => Assert.Equal(LanguageCatalog.UnknownVersion, l.Version));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(LanguagesSource.None, report!.LanguagesSource);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ARunSubmittedAsAColdAppStarts_CarriesTheRunnersVersion(bool publishedEarlier)
    {
        var prefix = FunctionsApp.NewPrefix();
        await using var runner = await StubRunner.StartAsync();
        // The key is made beforehand (keys are shared by instances of one prefix), so the run is the cold app's first request.
        string secret;
        await using (var earlier = await FunctionsApp.StartAsync(runner.Url, prefix: prefix))
        {
            secret = earlier.DefaultKey;
            if (!publishedEarlier)
                await earlier.Storage.LanguagesTable.DeleteAsync();
        }

        await using var cold = await FunctionsApp.StartAsync(runner.Url, prefix: prefix, prepare: false);
        var http = cold.ClientWithKey(secret);
        var response = await http.SubmitAsync(Client.Python());
        var accepted = await response.RunAsync();
        var final = await http.WaitFinalAsync(accepted.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(StubRunner.PythonVersion, accepted.Version);
        Assert.Equal(RunStatus.Completed, final.Status);
        Assert.Equal(StubRunner.PythonVersion, final.Version);
    }
}
