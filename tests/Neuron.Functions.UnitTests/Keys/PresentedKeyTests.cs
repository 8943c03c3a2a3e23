using Microsoft.AspNetCore.Http;
using Neuron.Functions.Keys;

namespace Neuron.Functions.UnitTests.Keys;

public sealed class PresentedKeyTests
{
    [Theory]
    [InlineData("Authorization", "Bearer sk_abc", "sk_abc")]
    [InlineData("Authorization", "bearer  sk_abc ", "sk_abc")]
    [InlineData("X-Api-Key", " pk_abc ", "pk_abc")]
    [InlineData("Authorization", "Basic c2s6YWJj", null)]
    [InlineData("Authorization", "Bearer ", null)]
    [InlineData("X-Auth-Token", "sk_0123456789abcdefghijABCDEFGHIJ01", "sk_0123456789abcdefghijABCDEFGHIJ01")]
    [InlineData("Authorization", "sk_0123456789abcdefghijABCDEFGHIJ01", "sk_0123456789abcdefghijABCDEFGHIJ01")]
    [InlineData("Authorization", "not-a-key", null)]
    // base64("sk_…"), as node-fetch sends a URL's user info without a password; and base64("sk_…:").
    [InlineData("Authorization", "Basic c2tfMDEyMzQ1Njc4OWFiY2RlZmdoaWpBQkNERUZHSElKMDE=", "sk_0123456789abcdefghijABCDEFGHIJ01")]
    [InlineData("Authorization", "Basic c2tfMDEyMzQ1Njc4OWFiY2RlZmdoaWpBQkNERUZHSElKMDE6", "sk_0123456789abcdefghijABCDEFGHIJ01")]
    [InlineData("Authorization", "Basic !!!", null)]
    public void From_ReadsTheBearerTokenOrTheApiKeyHeader(string header, string value, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;

        Assert.Equal(expected, PresentedKey.From(context.Request));
    }

    [Fact]
    public void From_PrefersXApiKey_OverAuthorization()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = "Bearer sk_from_authorization";
        context.Request.Headers[PresentedKey.ApiKeyHeader] = "sk_from_header";

        Assert.Equal("sk_from_header", PresentedKey.From(context.Request));
    }
}
