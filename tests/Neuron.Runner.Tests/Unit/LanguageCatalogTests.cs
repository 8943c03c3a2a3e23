using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

public sealed class LanguageCatalogTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

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
    public void WarmStarts_AreInterpretersThatWait_OrJavacThatNeverDoes_ResolvedForTheEntryFile()
    {
        Assert.True(Shipped.TryFind("python", out var python));
        Assert.True(python.WarmRuns);
        Assert.Null(python.WarmCompile);
        Assert.Equal(1000, python.Warm!.ReadyWaitMs); // the default: a booting interpreter is nearly there
        Assert.True(Shipped.TryFind("java", out var java));
        Assert.False(java.WarmRuns);
        Assert.Equal(0, java.Warm!.ReadyWaitMs); // a booting javac is further from ready than a cold compile is from done
        Assert.Equal(["-proc:none", "-encoding", "UTF-8", "-classpath", ".", "Solution.java"],
            java.ForSource("public class Solution { public static void main(String[] a) {} }").WarmCompile);
        Assert.DoesNotContain(Shipped.All, l => l.Warm?.Compile is not null && !l.Compiled);
    }

    [Fact]
    public void DuplicateNames_AreRefused()
    {
        var a = Shipped.All[0];

        Assert.Throws<InvalidOperationException>(() => new LanguageCatalog([a, a with { Id = "other", Aliases = [a.Id] }]));
    }
}
