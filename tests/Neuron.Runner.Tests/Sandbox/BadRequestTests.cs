using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

[Collection(RunnerCollection.Name)]
public sealed class BadRequestTests(RunnerFixture runner)
{
    public static TheoryData<string, int, string> BadBodies => new()
    {
        { """{"language":"brainfuck","source":"x"}""", 400, "Unknown language" },
        { """{"language":"python","source":"   "}""", 400, "Empty source" },
        { """{"language":"python"}""", 400, "Empty source" },
        { """{"language":"python","source":"print(1)","limits":{"timeMs":999999}}""", 400, "Limits out of range" },
        { """{"language":"python","source":"print(1)","limits":{"memoryMb":4096}}""", 400, "Limits out of range" },
        { """{"language":"python","source":"print(1)","limits":{"outputKb":0}}""", 400, "Limits out of range" },
        { """{"language":"python","source":"print(1""" + "\"", 400, "Malformed JSON" },
        { """[1,2,3]""", 400, "Malformed JSON" },
        { """{"language":"python","files":[{"name":"../main.py","content":"x"}]}""", 400, "Invalid file name" },
        { """{"language":"python","files":[{"name":"/etc/passwd","content":"x"}]}""", 400, "Invalid file name" },
        { """{"language":"python","files":[{"name":".bashrc","content":"x"}]}""", 400, "Invalid file name" },
        { """{"language":"python","files":[{"name":"main.py\n","content":"x"}]}""", 400, "Invalid file name" },
        { """{"language":"python","files":[{"name":"other.py","content":"x"}]}""", 400, "Missing entry file" },
        { """{"language":"python","source":"x","files":[{"name":"main.py","content":"x"}]}""", 400, "Ambiguous source" },
        { """{"language":"python","source":"x","tests":[]}""", 400, "Invalid tests" },
        { """{"language":"python","source":"x","stdin":"1","tests":[{"stdin":"2"}]}""", 400, "Invalid tests" },
        { """{"language":"python","source":"x","stopOnFirstFailure":true}""", 400, "Invalid tests" },
        { """{"language":"python","source":"x","tests":[{"stdin":"1"},null]}""", 400, "Invalid tests" },
        { """{"language":"python","source":"x","tests":[""" + string.Join(",", Enumerable.Repeat("""{"stdin":"1"}""", 65)) + "]}", 400, "Invalid tests" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadRequest_IsAClearProblemDocument(string body, int status, string title)
    {
        var response = await runner.Client.PostAsync("/v1/execute", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, status, title);
    }

    [Fact]
    public async Task UnknownLanguage_ListsTheValidOnes()
    {
        var response = await runner.Client.PostAsync("/v1/execute", Json("""{"language":"brainfuck","source":"x"}"""));

        var problem = await AssertProblemAsync(response, 400, "Unknown language");
        var languages = problem.GetProperty("languages").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("python", languages);
        Assert.Contains("java", languages);
    }

    [Fact]
    public async Task OversizedSource_Is413()
    {
        var source = new string('#', 300 * 1024);
        var response = await runner.Client.PostAsync("/v1/execute", Json(JsonSerializer.Serialize(new ExecuteRequest("python", source), RunnerJsonContext.Default.ExecuteRequest)));

        await AssertProblemAsync(response, 413, "Source too large");
    }

    [Fact]
    public async Task WrongContentType_Is415()
    {
        var response = await runner.Client.PostAsync("/v1/execute", new StringContent("""{"language":"python","source":"print(1)"}""", Encoding.UTF8, "text/plain"));

        await AssertProblemAsync(response, 415, "Unsupported media type");
    }

    [Fact]
    public async Task MissingSignature_Is401()
    {
        var response = await runner.UnsignedClient.PostAsync("/v1/execute", Json("""{"language":"python","source":"print(1)"}"""));

        await AssertProblemAsync(response, 401, "Unauthorized");
    }

    [Fact]
    public async Task WrongSignature_Is401()
    {
        var body = """{"language":"python","source":"print(1)"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var request = Signed(body, now, RequestSignature.Sign(Encoding.UTF8.GetBytes("another-secret-another-secret-0123"), now, Encoding.UTF8.GetBytes(body)));

        await AssertProblemAsync(await runner.UnsignedClient.SendAsync(request), 401, "Unauthorized");
    }

    [Fact]
    public async Task BodyAlteredAfterSigning_Is401()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = RequestSignature.Sign(Encoding.UTF8.GetBytes(RunnerFixture.Secret), now, Encoding.UTF8.GetBytes("""{"language":"python","source":"print(1)"}"""));
        var request = Signed("""{"language":"python","source":"print(2)"}""", now, signature);

        await AssertProblemAsync(await runner.UnsignedClient.SendAsync(request), 401, "Unauthorized");
    }

    [Fact]
    public async Task StaleSignature_Is401()
    {
        var body = """{"language":"python","source":"print(1)"}""";
        var then = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();
        var request = Signed(body, then, RequestSignature.Sign(Encoding.UTF8.GetBytes(RunnerFixture.Secret), then, Encoding.UTF8.GetBytes(body)));

        var problem = await AssertProblemAsync(await runner.UnsignedClient.SendAsync(request), 401, "Unauthorized");
        Assert.Contains("too old", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Languages_RequiresASignature_AndListsVersionsFromTheImages_AndTheirRuntime()
    {
        var unsigned = await runner.UnsignedClient.GetAsync("/v1/languages");
        var signed = await runner.Client.GetAsync("/v1/languages");

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var languages = JsonSerializer.Deserialize(await signed.Content.ReadAsStringAsync(), RunnerJsonContext.Default.IReadOnlyListLanguageInfo)!;
        Assert.True(languages.Count >= 40, $"{languages.Count} languages");
        Assert.Superset(new HashSet<string> { "c", "cpp", "cpp20", "java", "javascript", "python", "kotlin", "lua" }, languages.Select(l => l.Id).ToHashSet());
        Assert.StartsWith("Python 3.", languages.Single(l => l.Id == "python").Version);
        Assert.StartsWith("openjdk version \"17", languages.Single(l => l.Id == "java").Version);
        // An on-demand language has no sandbox yet: its version comes from its image's label.
        Assert.StartsWith("Lua 5.4", languages.Single(l => l.Id == "lua").Version);
        Assert.DoesNotContain(languages, l => l.Version == "unknown");
        Assert.All(languages, l => Assert.True(l.DefaultLimits.TimeMs <= l.MaxLimits.TimeMs));
        Assert.All(languages, l => Assert.Equal(RuntimeUnderTest.Name, l.Runtime));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage Signed(string body, long timestamp, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/execute") { Content = Json(body) };
        request.Headers.Add(RequestSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(RequestSignature.SignatureHeader, signature);
        return request;
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string title)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(new MediaTypeHeaderValue("application/problem+json"), new MediaTypeHeaderValue(response.Content.Headers.ContentType!.MediaType!));
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
