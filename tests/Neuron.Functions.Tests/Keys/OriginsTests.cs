using Microsoft.AspNetCore.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Tests.Keys;

public sealed class OriginsTests
{
    private static HttpRequest Request(string? origin, string? fetchSite, string? referer)
    {
        var request = new DefaultHttpContext().Request;
        if (origin is not null)
            request.Headers.Origin = origin;
        if (fetchSite is not null)
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        if (referer is not null)
            request.Headers.Referer = referer;
        return request;
    }

    [Theory]
    [InlineData("https://blog.example", null, null, "https://blog.example")]
    [InlineData("https://blog.example", "same-origin", "https://neuron.example/", "https://blog.example")]
    // A same-origin GET (the playground polling its run) carries no Origin: its Referer's origin stands in.
    [InlineData(null, "same-origin", "https://neuron.example/?x=1", "https://neuron.example")]
    [InlineData(null, "same-origin", "http://127.0.0.1:7071/", "http://127.0.0.1:7071")]
    [InlineData(null, "cross-site", "https://evil.example/", null)]
    [InlineData(null, "same-origin", null, null)]
    [InlineData(null, "same-origin", "file:///tmp/x.html", null)]
    [InlineData(null, null, "https://neuron.example/", null)]
    public void Of_IsTheOriginHeader_OrForSameOriginFetchesTheReferersOrigin(string? origin, string? fetchSite, string? referer, string? expected) =>
        Assert.Equal(expected, Origins.Of(Request(origin, fetchSite, referer)));
}
