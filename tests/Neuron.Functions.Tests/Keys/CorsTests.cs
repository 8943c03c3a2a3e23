using System.Net;
using Neuron.Functions.Tests.Support;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Keys;

public sealed class CorsTests
{
    private const string Blog = "https://blog.example";
    private const string Elsewhere = "https://evil.example";

    private static Task<FunctionsApp.CreatedKey> PublishableAsync(FunctionsApp app, params string[] origins) =>
        app.CreateKeyAsync(new { kind = "publishable", name = "blog", origins });

    [Fact]
    public async Task PublishableKey_FromAnAllowedOrigin_IsAccepted_WithCorsHeaders()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await PublishableAsync(app, Blog, "http://localhost:8080");
        var browser = app.ClientWithKey(key.Key, Blog);

        var response = await browser.SubmitAsync(Client.Python(), "?wait=5");
        var poll = await browser.GetAsync($"/api/runs/{(await response.RunAsync()).Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var r in new[] { response, poll })
        {
            Assert.Equal(Blog, r.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("Origin", r.Headers.Vary);
            var exposed = r.Headers.GetValues("Access-Control-Expose-Headers").Single();
            Assert.Contains("Retry-After", exposed);
            Assert.Contains("RateLimit-Remaining", exposed);
        }
    }

    [Fact]
    public async Task PublishableKey_FromAnotherOrigin_OrWithoutOrigin_Is403WithoutCorsHeaders()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var key = await PublishableAsync(app, Blog);

        var foreign = await app.ClientWithKey(key.Key, Elsewhere).SubmitAsync(Client.Python());
        var server = await app.ClientWithKey(key.Key).SubmitAsync(Client.Python());

        await AssertProblemAsync(foreign, HttpStatusCode.Forbidden, "origin-not-allowed");
        await AssertProblemAsync(server, HttpStatusCode.Forbidden, "origin-required");
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(server.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(0, runner.ExecuteCalls);
    }

    [Fact]
    public async Task SecretKey_FromABrowser_Is403()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        await PublishableAsync(app, Blog); // the origin is allowed for publishable keys, not for this secret one

        var response = await app.ClientWithKey(app.DefaultKey, Blog).SubmitAsync(Client.Python());

        var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden, "secret-key-in-browser");
        Assert.Contains("use a publishable key in browsers", problem.GetProperty("detail").GetString());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_Is204WithCorsHeaders_OnlyForOriginsOfUnrevokedPublishableKeys()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var first = await FunctionsApp.StartAsync(runner.Url);
        await using var second = await FunctionsApp.StartAsync(runner.Url, prefix: first.Prefix);
        var key = await PublishableAsync(first, Blog);

        var allowed = await PreflightAsync(second, Blog);
        var foreign = await PreflightAsync(second, Elsewhere);
        await first.AdminClient().DeleteAsync($"/api/admin/keys/{key.Id}");
        var afterRevocation = await PreflightAsync(second, Blog);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Blog, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("authorization, content-type, idempotency-key, x-api-key, x-auth-token", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.True(int.Parse(allowed.Headers.GetValues("Access-Control-Max-Age").Single()) > 0);
        foreach (var refused in new[] { foreign, afterRevocation })
        {
            await AssertProblemAsync(refused, HttpStatusCode.Forbidden, "origin-not-allowed");
            Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task RevokedPublishableKey_Is401_ThatTheAllowedPageCanRead()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        var revoked = await PublishableAsync(app, Blog);
        await PublishableAsync(app, Blog); // another key still allows the origin
        await app.AdminClient().DeleteAsync($"/api/admin/keys/{revoked.Id}");

        var response = await app.ClientWithKey(revoked.Key, Blog).SubmitAsync(Client.Python());

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "revoked-key");
        Assert.Equal(Blog, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task PublicLanguages_CarryCorsHeaders_ForAllowedOriginsOnly()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        await PublishableAsync(app, Blog);

        var allowed = await WithOrigin(app, Blog).GetAsync("/api/languages");
        var foreign = await WithOrigin(app, Elsewhere).GetAsync("/api/languages");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(Blog, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Referer_StandsInForOrigin_OnlyOnAGetFromTheServicesOwnOrigin()
    {
        await using var runner = await StubRunner.StartAsync();
        const string PublicOrigin = "https://neuron.example";
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Keys:PublicOrigin"] = PublicOrigin });
        // The test server is http://localhost: that is the service's own origin as requests reach it.
        var key = await PublishableAsync(app, "http://blog.test:8080", "http://localhost", "https://localhost", PublicOrigin);
        var run = await (await app.ClientWithKey(key.Key, "http://blog.test:8080").SubmitAsync(Client.Python())).RunAsync();

        var postAsBlog = await SameOriginAsync(app, key, HttpMethod.Post, "/api/runs", "http://blog.test:8080/post");
        var getAsBlog = await SameOriginAsync(app, key, HttpMethod.Get, $"/api/runs/{run.Id}", "http://blog.test:8080/post");
        var postAsItself = await SameOriginAsync(app, key, HttpMethod.Post, "/api/runs", "http://localhost/");
        var getAsItself = await SameOriginAsync(app, key, HttpMethod.Get, $"/api/runs/{run.Id}", "http://localhost/#key");
        var getAsPublicOrigin = await SameOriginAsync(app, key, HttpMethod.Get, $"/api/runs/{run.Id}", PublicOrigin + "/");
        // Behind a TLS front end the page is https://host while the app sees http://host.
        var getAsItselfOverTls = await SameOriginAsync(app, key, HttpMethod.Get, $"/api/runs/{run.Id}", "https://localhost/");

        await AssertProblemAsync(postAsBlog, HttpStatusCode.Forbidden, "origin-required");
        await AssertProblemAsync(getAsBlog, HttpStatusCode.Forbidden, "origin-required");
        await AssertProblemAsync(postAsItself, HttpStatusCode.Forbidden, "origin-required");
        foreach (var refused in new[] { postAsBlog, getAsBlog, postAsItself })
            Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.OK, getAsItself.StatusCode);
        Assert.Equal("http://localhost", getAsItself.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, getAsPublicOrigin.StatusCode);
        Assert.Equal(PublicOrigin, getAsPublicOrigin.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.OK, getAsItselfOverTls.StatusCode);
        Assert.Equal("https://localhost", getAsItselfOverTls.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    /// <summary>What a browser sends for a same-origin fetch: no Origin on a GET, Sec-Fetch-Site and the page as Referer.</summary>
    private static Task<HttpResponseMessage> SameOriginAsync(FunctionsApp app, FunctionsApp.CreatedKey key, HttpMethod method, string path, string referer)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
            request.Content = Client.JsonBody(Client.Python());
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Referrer = new Uri(referer);
        return app.ClientWithKey(key.Key).SendAsync(request);
    }

    private static HttpClient WithOrigin(FunctionsApp app, string origin)
    {
        var http = app.AnonymousClient();
        http.DefaultRequestHeaders.Add("Origin", origin);
        return http;
    }

    private static Task<HttpResponseMessage> PreflightAsync(FunctionsApp app, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/runs");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        return app.AnonymousClient().SendAsync(request);
    }
}
