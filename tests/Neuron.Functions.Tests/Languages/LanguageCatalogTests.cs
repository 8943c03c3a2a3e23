using Microsoft.Extensions.DependencyInjection;
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

        Assert.Equal(LanguagesSource.Runner, response.Headers.GetValues(LanguagesApi.SourceHeader).Single());
        Assert.Equal(StubRunner.Languages.Select(l => l.Id), languages!.Select(l => l.Id));
        Assert.Equal(StubRunner.PythonVersion, languages![0].Version);
    }

    [Fact]
    public async Task ARunnersList_IsStoredForTheNextColdInstance()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var stored = await app.Services.GetRequiredService<LanguageTable>().ReadAsync(CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal(StubRunner.Languages.Select(l => (l.Id, l.Version)), stored.Languages.Select(l => (l.Id, l.Version)));
    }
}
