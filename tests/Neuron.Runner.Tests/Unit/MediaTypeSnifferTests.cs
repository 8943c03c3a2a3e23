using System.Text;
using Neuron.Runner.Contracts;
using Neuron.Runner.Execution;

namespace Neuron.Runner.Tests.Unit;

public sealed class MediaTypeSnifferTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, OutputFileLimits.Png)]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16 }, OutputFileLimits.Jpeg)]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0 }, OutputFileLimits.Gif)]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }, OutputFileLimits.Binary)]
    [InlineData(new byte[] { 0xC3, 0x28 }, OutputFileLimits.Binary)] // not UTF-8
    public void Signatures_DecideBinaryTypes(byte[] content, string expected) =>
        Assert.Equal(expected, MediaTypeSniffer.Sniff(content));

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/></svg>", OutputFileLimits.Svg)]
    [InlineData("<?xml version=\"1.0\"?>\n<!-- made by matplotlib -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>\n</svg>", OutputFileLimits.Svg)]
    [InlineData("<svg onload=\"alert(1)\"><script>alert(2)</script></svg>", OutputFileLimits.Svg)]
    [InlineData("<svgfoo/>", OutputFileLimits.Text)]
    [InlineData("{\"a\": [1, 2]}\n", OutputFileLimits.Json)]
    [InlineData("[1, 2", OutputFileLimits.Text)]
    [InlineData("42", OutputFileLimits.Text)] // a bare number is text, not a JSON document
    [InlineData("x,y\n1,2\n3,\"4,5\"\n", OutputFileLimits.Csv)]
    [InlineData("x,y\n1,2,3\n", OutputFileLimits.Text)]
    [InlineData("hello\tworld\r\n", OutputFileLimits.Text)]
    [InlineData("", OutputFileLimits.Text)]
    [InlineData("bell\a", OutputFileLimits.Binary)]
    public void Text_IsSvgJsonCsvOrPlain_ByContent(string content, string expected) =>
        Assert.Equal(expected, MediaTypeSniffer.Sniff(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void HtmlNamedPng_IsPlainText_NotAnImageNorHtml() =>
        Assert.Equal(OutputFileLimits.Text, MediaTypeSniffer.Sniff("<html><body><script>alert(document.cookie)</script></body></html>"u8));

    [Fact]
    public void ImageTypes_AreTheOnlyInlineOnes()
    {
        Assert.Equal([OutputFileLimits.Png, OutputFileLimits.Jpeg, OutputFileLimits.Gif, OutputFileLimits.Svg],
            OutputFileLimits.MediaTypes.Where(OutputFileLimits.IsImage));
    }
}
