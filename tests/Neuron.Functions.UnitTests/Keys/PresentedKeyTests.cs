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
