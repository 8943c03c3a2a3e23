using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neuron.Functions.Languages;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Languages;

public sealed class LanguageCatalogTests
{
    private static readonly LimitSet Limits = new(2_000, 128, 64);

    private static LanguageCatalog NewCatalog(FakeTimeProvider? time = null) =>
        new(Options.Create(new LanguagesOptions { StoredReadTimeoutMs = 1_000 }), time ?? new FakeTimeProvider());

    private static LanguageInfo Python(string version) => new("python", "Python", version, ["py"], false, "main.py", Limits, Limits);
    private static LanguageInfo C(string version) => new("c", "C", version, [], true, "main.c", Limits, Limits);

    [Fact]
    public void Catalog_FindsLanguagesByIdOrAlias_CaseInsensitively()
    {
        var catalog = NewCatalog();

        Assert.Equal("cpp", catalog.Find("C++")?.Id);
        Assert.Equal("javascript", catalog.Find("JS")?.Id);
        Assert.Null(catalog.Find("brainfuck"));
        Assert.Equal(LanguagesSource.None, catalog.Source);
        Assert.False(catalog.Complete);
    }

    [Fact]
    public void ARestartingRunnersUnknownVersion_KeepsTheVersionKnownBefore()
    {
        var catalog = NewCatalog();
        catalog.Adopt(new StoredLanguages([Python("3.11.2"), C("12.2")], DateTimeOffset.UnixEpoch));

        var current = catalog.Replace([Python(LanguageCatalog.UnknownVersion), C("14.1")]);

        Assert.Equal(["3.11.2", "14.1"], current.Languages.Select(l => l.Version));
        Assert.Equal(LanguagesSource.Runner, catalog.Source);
        Assert.True(catalog.Complete);
    }

    [Fact]
    public void TheStoredList_DoesNotReplaceTheRunnersOwn()
    {
        var catalog = NewCatalog();
        catalog.Replace([Python("3.12.0")]);

        Assert.False(catalog.Adopt(new StoredLanguages([Python("3.11.2")], DateTimeOffset.UnixEpoch)));
        Assert.Equal("3.12.0", catalog.Find("py")!.Version);
    }

    [Fact]
    public async Task TheFirstNeed_WaitsUntilAListIsKnown()
    {
        var catalog = NewCatalog();
        var ready = catalog.ReadyAsync(CancellationToken.None).AsTask();
        Assert.False(ready.IsCompleted);

        catalog.Adopt(new StoredLanguages([Python("3.11.2")], DateTimeOffset.UnixEpoch));
        await ready.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(LanguagesSource.Stored, catalog.Source);
    }

    [Fact]
    public async Task TheFirstNeed_WaitsAtMostItsBound_AndOnlyOnce()
    {
        var time = new FakeTimeProvider();
        var catalog = NewCatalog(time);
        var ready = catalog.ReadyAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(1_000));
        await ready.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(catalog.ReadyAsync(CancellationToken.None).IsCompleted);
        Assert.Equal(LanguagesSource.None, catalog.Source);
    }
}
