using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

public sealed class LanguageCasesTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

    public static TheoryData<string> Languages => [.. Shipped.All.Select(l => l.Id)];

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryLanguage_HasAllSixCases(string language)
    {
        var cases = LanguageCases.For(language);

        Assert.True(cases is not null, $"{language} has no {LanguageCases.Folder}/{language}.json: add its six cases");
        foreach (var (name, source) in cases.Programs)
            Assert.False(string.IsNullOrWhiteSpace(source), $"{language}: case {name} is empty");
        Assert.False(string.IsNullOrWhiteSpace(cases.CompileError.Message), $"{language}: compileError has no expected message");
    }

    [Fact]
    public void EveryCaseFile_IsALanguage()
    {
        var ids = Shipped.All.Select(l => l.Id).ToHashSet();

        var strays = Directory.GetFiles(LanguageCases.Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Where(id => !ids.Contains(id!));

        Assert.Empty(strays);
    }

    [Fact]
    public void TheCatalog_HasAtLeastFortyLanguages()
    {
        Assert.True(Shipped.All.Count >= 40, $"{Shipped.All.Count} languages");
    }
}
