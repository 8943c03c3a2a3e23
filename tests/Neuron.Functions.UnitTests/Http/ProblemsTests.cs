using Neuron.Functions.Http;

namespace Neuron.Functions.UnitTests.Http;

public sealed class ProblemsTests
{
    [Fact]
    public void Echo_CutsCallersTextToItsBound()
    {
        var echo = Problems.Echo(new string('x', 100_000));

        Assert.Equal(Problems.MaxEchoLength, echo.Length);
        Assert.EndsWith("…", echo);
    }

    [Theory]
    [InlineData("python", "python")]
    [InlineData("py\nthon\u0007", "py?thon?")]
    [InlineData(null, "")]
    public void Echo_ShowsControlCharactersAsQuestionMarks(string? text, string expected) => Assert.Equal(expected, Problems.Echo(text));

    [Fact]
    public void Echo_NeverCutsACharacterInHalf()
    {
        var echo = Problems.Echo(new string('a', Problems.MaxEchoLength - 2) + "😀😀😀");

        Assert.False(char.IsHighSurrogate(echo[^2]));
    }
}
