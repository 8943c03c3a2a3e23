using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Runs;

public sealed class ExpectedOutputTests
{
    [Theory]
    [InlineData("1 2 3\n", "1 2 3")]
    [InlineData("1 2 3  \r\n4\r\n\r\n", "1 2 3\n4")]
    [InlineData("a\n\n\n", "a\n")]
    [InlineData("", "")]
    [InlineData("\n\n", "")]
    public void Matches_IgnoringTrailingWhitespaceAndBlankLines(string actual, string expected) =>
        Assert.True(ExpectedOutput.Matches(actual, expected));

    [Theory]
    [InlineData("1 2 3", "1 2 4")]
    [InlineData(" 1", "1")]
    [InlineData("a\n\nb", "a\nb")]
    [InlineData("A", "a")]
    public void DoesNotMatch_AnyOtherDifference(string actual, string expected) =>
        Assert.False(ExpectedOutput.Matches(actual, expected));
}
