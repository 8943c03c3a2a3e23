using Microsoft.Extensions.Time.Testing;
using Neuron.Functions.Runs;

namespace Neuron.Functions.UnitTests.Runs;

public sealed class RunIdsTests
{
    [Fact]
    public void New_IsValid_AndOrderedByTime()
    {
        var time = new FakeTimeProvider();
        var first = RunIds.New(time);
        time.Advance(TimeSpan.FromMilliseconds(5));
        var second = RunIds.New(time);

        Assert.True(RunIds.IsValid(first));
        Assert.True(string.CompareOrdinal(first, second) < 0);
    }

    [Theory]
    [InlineData("0193a5b2c4d87e6f9a0b1c2d3e4f5a6b\n")]
    [InlineData("0193A5B2C4D87E6F9A0B1C2D3E4F5A6B")]
    [InlineData("0193a5b2c4d87e6f9a0b1c2d3e4f5a6")]
    [InlineData("0193a5b2-c4d8-7e6f-9a0b-1c2d3e4f5a6b")]
    [InlineData("")]
    public void IsValid_RefusesAnythingButThirtyTwoLowercaseHexDigits(string id) => Assert.False(RunIds.IsValid(id));
}
