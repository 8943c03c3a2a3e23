using System.Net.Http.Json;
using Neuron.Functions.Languages;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Tests.Languages;

public sealed class LanguageCatalogTests
{
    [Fact]
    public async Task Languages_ComeFromTheRunner()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.CreateClient().GetAsync("/api/languages");
        var languages = await response.Content.ReadFromJsonAsync<List<LanguageInfo>>(Client.Json);

        Assert.Equal("runner", response.Headers.GetValues("Neuron-Languages-Source").Single());
        Assert.Equal(StubRunner.Languages.Select(l => l.Id), languages!.Select(l => l.Id));
        Assert.Equal(StubRunner.PythonVersion, languages![0].Version);
    }

    [Fact]
    public async Task WhenTheRunnerWasNeverReachable_TheBuiltInListIsServed_AndRunsAreAccepted()
    {
        var runner = await StubRunner.StartDownAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var http = app.CreateClient();

        var response = await http.GetAsync("/api/languages");
        var languages = await response.Content.ReadFromJsonAsync<List<LanguageInfo>>(Client.Json);
        var submitted = await http.SubmitAsync(new { language = "java", source = "class Main {}" });

        Assert.Equal("fallback", response.Headers.GetValues("Neuron-Languages-Source").Single());
        Assert.Equal(["python", "javascript", "java", "cpp", "c"], languages!.Select(l => l.Id));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
    }

    [Fact]
    public void Catalog_FindsLanguagesByIdOrAlias_CaseInsensitively()
    {
        var catalog = new LanguageCatalog(TimeProvider.System);

        Assert.Equal("cpp", catalog.Find("C++")?.Id);
        Assert.Equal("javascript", catalog.Find("JS")?.Id);
        Assert.Null(catalog.Find("cobol"));
        Assert.False(catalog.FromRunner);
    }
}
