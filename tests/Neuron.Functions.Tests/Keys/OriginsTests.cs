using Microsoft.AspNetCore.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.Tests.Keys;

public sealed class OriginsTests
{
    private const string Public = "https://neuron.example";

    private static HttpRequest Request(string method, string? origin, string? fetchSite, string? referer)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Scheme = "http";
        request.Host = new HostString("127.0.0.1:7071");
        if (origin is not null)
            request.Headers.Origin = origin;
        if (fetchSite is not null)
            request.Headers["Sec-Fetch-Site"] = fetchSite;
        if (referer is not null)
            request.Headers.Referer = referer;
        return request;
    }

    [Theory]
    [InlineData("GET", "https://blog.example", null, null, "https://blog.example")]
    [InlineData("POST", "https://blog.example", "same-origin", "https://neuron.example/", "https://blog.example")]
    // A same-origin GET (the playground polling its run) carries no Origin: a Referer on the service's own origin
    // (the request's own scheme://host[:port], that host over https, or the configured public origin) stands in.
    [InlineData("GET", null, "same-origin", "https://neuron.example/?x=1", "https://neuron.example")]
    [InlineData("GET", null, "same-origin", "HTTPS://Neuron.Example:443/", "https://neuron.example")]
    [InlineData("GET", null, "same-origin", "http://127.0.0.1:7071/", "http://127.0.0.1:7071")]
    // The same host over https: a TLS front end (Azure's) hands the app plain http.
    [InlineData("GET", null, "same-origin", "https://127.0.0.1:7071/", "https://127.0.0.1:7071")]
    // Any other Referer, or any other method, is no origin at all.
    [InlineData("GET", null, "same-origin", "http://blog.test:8080/post", null)]
    [InlineData("GET", null, "same-origin", "http://127.0.0.1:7072/", null)]
    [InlineData("GET", null, "same-origin", "http://127.0.0.1:7071.evil.example/", null)]
    [InlineData("POST", null, "same-origin", "http://127.0.0.1:7071/", null)]
    [InlineData("HEAD", null, "same-origin", "http://127.0.0.1:7071/", null)]
    [InlineData("GET", null, "cross-site", "http://127.0.0.1:7071/", null)]
    [InlineData("GET", null, "same-origin", null, null)]
    [InlineData("GET", null, "same-origin", "file:///tmp/x.html", null)]
    [InlineData("GET", null, null, "https://neuron.example/", null)]
    public void Of_IsTheOriginHeader_OrForSameOriginGetsAReferersOriginThatIsTheServices(string method, string? origin, string? fetchSite, string? referer, string? expected) =>
        Assert.Equal(expected, Origins.Of(Request(method, origin, fetchSite, referer), Public));
}
