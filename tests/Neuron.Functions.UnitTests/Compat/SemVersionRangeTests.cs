using Neuron.Functions.Compat.Piston;

namespace Neuron.Functions.UnitTests.Compat;

/// <summary>Piston's version matching is node-semver's <c>satisfies</c>; these are its documented desugarings.</summary>
public sealed class SemVersionRangeTests
{
    [Theory]
    [InlineData("*", "3.11.2", true)]
    [InlineData("", "0.0.0", true)]
    [InlineData("x", "18.20.4", true)]
    [InlineData("3.x", "3.11.2", true)]
    [InlineData("3.x", "4.0.0", false)]
    [InlineData("3", "3.0.0", true)]
    [InlineData("3", "2.99.99", false)]
    [InlineData("3.11", "3.11.9", true)]
    [InlineData("3.11", "3.12.0", false)]
    [InlineData("3.11.*", "3.11.2", true)]
    [InlineData("3.11.2", "3.11.2", true)]
    [InlineData("3.11.2", "3.11.3", false)]
    [InlineData("=3.11.2", "3.11.2", true)]
    [InlineData("v3.11.2", "3.11.2", true)]
    [InlineData("^3.10", "3.11.2", true)]
    [InlineData("^3.10", "3.9.18", false)]
    [InlineData("^3.10", "4.0.0", false)]
    [InlineData("^0.2.3", "0.2.9", true)]
    [InlineData("^0.2.3", "0.3.0", false)]
    [InlineData("^0.0.3", "0.0.4", false)]
    [InlineData("~3.10", "3.10.12", true)]
    [InlineData("~3.10", "3.11.0", false)]
    [InlineData("~3", "3.99.0", true)]
    [InlineData(">=3.8 <3.12", "3.11.2", true)]
    [InlineData(">=3.8 <3.12", "3.12.0", false)]
    [InlineData("> 3.8", "3.8.9", false)]
    [InlineData("> 3.8", "3.9.0", true)]
    [InlineData(">3.8.1", "3.8.2", true)]
    [InlineData("<=3.11", "3.11.7", true)]
    [InlineData("<=3.11", "3.12.0", false)]
    [InlineData("<3", "2.7.18", true)]
    [InlineData("2.x || 3.11.x", "3.11.2", true)]
    [InlineData("2.x || 3.10.x", "3.11.2", false)]
    [InlineData("3.8 - 3.11", "3.11.9", true)]
    [InlineData("3.8 - 3.11", "3.12.0", false)]
    [InlineData("3.8.2 - 3.11.1", "3.11.2", false)]
    public void Satisfies_AsNodeSemver(string range, string version, bool expected)
    {
        Assert.True(SemVersionRange.TryParse(range, out var parsed), range);
        var v = SemVersion.FromRuntimeVersion(version);

        Assert.Equal(expected, parsed.IsSatisfiedBy(v));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("3.11.2.1")]
    [InlineData(">=abc")]
    [InlineData("!3")]
    public void NotARange_IsRefused(string range) => Assert.False(SemVersionRange.TryParse(range, out _));

    [Theory]
    [InlineData("3.11.2", "3.11.2")]
    [InlineData("Python 3.11.2", "3.11.2")]
    [InlineData("v18.20.4", "18.20.4")]
    [InlineData("12.2-stub", "12.2.0")]
    [InlineData("openjdk 17", "17.0.0")]
    [InlineData("unknown", "0.0.0")]
    public void RuntimeVersion_BecomesSemver(string reported, string semver) =>
        Assert.Equal(semver, SemVersion.FromRuntimeVersion(reported).ToString());
}
