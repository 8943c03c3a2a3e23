using Neuron.Runner.Languages;

namespace Neuron.Runner.Tests.Unit;

public sealed class LanguageCatalogTests
{
    private static readonly LanguageCatalog Shipped = LanguageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Languages", "languages.json"));

    [Theory]
    [InlineData("python", "python")]
    [InlineData("PY", "python")]
    [InlineData("js", "javascript")]
    [InlineData("c++", "cpp")]
    [InlineData("java", "java")]
    [InlineData("c", "c")]
    public void Aliases_ResolveCaseInsensitively(string name, string id)
    {
        Assert.True(Shipped.TryFind(name, out var language));
        Assert.Equal(id, language.Id);
    }

    [Fact]
    public void ShippedCatalog_IsCoherent()
    {
        Assert.Superset(new HashSet<string> { "python", "javascript", "java", "cpp", "c" }, Shipped.All.Select(l => l.Id).ToHashSet());
        foreach (var l in Shipped.All)
        {
            Assert.True(l.MinLimits.TimeMs <= l.DefaultLimits.TimeMs && l.DefaultLimits.TimeMs <= l.MaxLimits.TimeMs, l.Id);
            Assert.True(l.MinLimits.MemoryMb <= l.DefaultLimits.MemoryMb && l.DefaultLimits.MemoryMb <= l.MaxLimits.MemoryMb, l.Id);
            Assert.True(l.MinLimits.OutputKb <= l.DefaultLimits.OutputKb && l.DefaultLimits.OutputKb <= l.MaxLimits.OutputKb, l.Id);
            Assert.InRange(l.PidsLimit, 16, 512);
            Assert.NotEmpty(l.Run);
            Assert.StartsWith("neuron-sandbox/", l.Image);
            Assert.True(l.CpuMsFor(1000) >= 1000, l.Id);
        }
    }

    [Fact]
    public void DuplicateNames_AreRefused()
    {
        var a = Shipped.All[0];

        Assert.Throws<InvalidOperationException>(() => new LanguageCatalog([a, a with { Id = "other", Aliases = [a.Id] }]));
    }
}
