using Neuron.Functions.Compat.Piston;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Compat;

public sealed class PistonRuntimesTests
{
    private static LanguageInfo Language(string id, string version, params string[] aliases) =>
        new(id, id, version, aliases, false, "main", new LimitSet(1000, 128, 64), new LimitSet(10000, 512, 1024));

    private static readonly IReadOnlyList<LanguageInfo> Catalog =
    [
        Language("python", "3.11.2", "py", "python3"),
        Language("pypy3", "3.9.16", "pypy", "python3"),
        Language("cpp", "12.2.0", "c++", "g++"),
        Language("cpp20", "12.2.0", "c++20"),
    ];

    [Theory]
    [InlineData("python", "*", "python")]
    [InlineData("python3", "*", "python")]
    [InlineData("python3", "3.9.x", "pypy3")]
    [InlineData("python3", "<3.10", "pypy3")]
    [InlineData("PY", "^3.10", "python")]
    [InlineData("c++", "12", "cpp")]
    [InlineData("cpp", "12.2.0", "cpp")]
    [InlineData("c++20", "*", "cpp20")]
    public void Find_TakesTheNameOrAnAlias_ThenTheHighestMatchingVersion(string language, string version, string expected) =>
        Assert.Equal(expected, PistonRuntimes.Find(Catalog, language, version)?.Language.Id);

    [Theory]
    [InlineData("python", "2.x")]
    [InlineData("ruby", "*")]
    [InlineData("python", "not a range")]
    public void Find_WithoutAMatch_IsNull(string language, string version) => Assert.Null(PistonRuntimes.Find(Catalog, language, version));

    [Fact]
    public void Describe_NamesCppAsPistonDoes_WithTheNeuronIdAsAnAlias()
    {
        var runtime = PistonRuntimes.Describe(Catalog[2]);

        Assert.Equal("c++", runtime.Language);
        Assert.Equal("12.2.0", runtime.Version);
        Assert.Equal(["cpp", "g++"], runtime.Aliases);
    }
}
