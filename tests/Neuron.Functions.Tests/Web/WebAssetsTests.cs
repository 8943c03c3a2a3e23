using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Neuron.Functions.Tests.Support;
using Neuron.Functions.Web;
using Xunit.Abstractions;

namespace Neuron.Functions.Tests.Web;

/// <summary>The playground (<c>/</c>) and the Run widget (<c>/embed.js</c>) as the app serves them.</summary>
public sealed class WebAssetsTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The widget's budget: 15 KiB once gzipped.</summary>
    private const int EmbedGzipBudget = 15_360;

    /// <summary>
    /// The playground editor's budget, gzipped: CodeMirror with its grammars is about 257 KB; this catches a bundle that
    /// took in something it should not (a second copy of a package, a source map).
    /// </summary>
    private const int EditorGzipBudget = 320_000;

    private readonly ITestOutputHelper _output = output;

    private StubRunner _runner = null!;
    private FunctionsApp _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _runner = await StubRunner.StartAsync();
        _app = await FunctionsApp.StartAsync(_runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        _http = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _runner.DisposeAsync();
    }

    [Fact]
    public async Task EmbedScript_GzipsWithinItsBudget()
    {
        var bytes = await _http.GetByteArrayAsync("/embed.js");
        var gzipped = await GzippedLengthAsync(bytes);
        _output.WriteLine($"/embed.js: {bytes.Length} bytes, {gzipped} bytes gzipped");

        Assert.True(bytes.Length > 1000, "embed.js is suspiciously small");
        Assert.True(gzipped <= EmbedGzipBudget, $"embed.js is {gzipped} bytes gzipped, over the {EmbedGzipBudget}-byte budget");
    }

    [Fact]
    public async Task EditorBundle_IsCodeMirrorBundledAtBuildTime_AndItsSizeIsReported()
    {
        var bytes = await _http.GetByteArrayAsync("/playground/editor.js");
        var gzipped = await GzippedLengthAsync(bytes);
        _output.WriteLine($"/playground/editor.js: {bytes.Length} bytes, {gzipped} bytes gzipped");

        var text = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("export", text, StringComparison.Ordinal); // an ES module: playground.js imports createEditor
        Assert.Contains("cm-content", text, StringComparison.Ordinal); // CodeMirror's view is in it
        Assert.DoesNotContain("from\"@codemirror", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal); // bundled: no bare imports left
        Assert.True(gzipped <= EditorGzipBudget, $"editor.js is {gzipped} bytes gzipped, over the {EditorGzipBudget}-byte budget");
    }

    private static async Task<long> GzippedLengthAsync(byte[] bytes)
    {
        using var gzipped = new MemoryStream();
        await using (var gzip = new GZipStream(gzipped, CompressionLevel.Optimal, leaveOpen: true))
            await gzip.WriteAsync(bytes);
        return gzipped.Length;
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/embed.js", "text/javascript")]
    [InlineData("/playground/playground.js", "text/javascript")]
    [InlineData("/playground/autosave.js", "text/javascript")]
    [InlineData("/playground/editor.js", "text/javascript")]
    [InlineData("/playground/playground.css", "text/css")]
    public async Task Asset_IsServedWithItsTypeAStrongETagAndNoSniffing(string path, string mediaType)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.NotNull(response.Headers.CacheControl);
    }

    [Fact]
    public async Task Asset_Is304_WhenTheClientHasItsETag()
    {
        var first = await _http.GetAsync("/embed.js");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/embed.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        var second = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Asset_IsServedAgain_WhenTheClientHasAnotherETag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/embed.js");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Playground_HasAContentSecurityPolicy_AndIsRevalidatedOnEveryLoad()
    {
        var response = await _http.GetAsync("/");

        Assert.Equal(WebApi.PlaygroundPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl!.NoCache);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("/embed.js", html);
        Assert.DoesNotContain("<script>", html); // nothing inline: the policy would block it
    }

    [Fact]
    public async Task EmbedScript_MayBeLoadedByAnyPage_AndCachedBriefly()
    {
        var response = await _http.GetAsync("/embed.js");

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("cross-origin", response.Headers.GetValues("Cross-Origin-Resource-Policy").Single());
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl.MaxAge);
    }

    [Fact]
    public async Task UnknownPlaygroundFile_Is404ProblemJson()
    {
        var response = await _http.GetAsync("/playground/secrets.txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Head_AnswersTheHeadersWithoutTheBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/");

        var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(response.Headers.ETag);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
