using System.Net;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

/// <summary>Local mode answers the routes of the functions and nothing else, as the host does.</summary>
public sealed class LocalRoutingTests
{
    [Theory]
    [InlineData("GET", "/api/nope")]
    [InlineData("DELETE", "/api/runs")]
    [InlineData("PUT", "/api/languages")]
    [InlineData("GET", "/playground/nope/deeper")]
    public async Task MethodAndPathNoFunctionTakes_Is404Problem(string method, string path)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });

        var response = await app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
