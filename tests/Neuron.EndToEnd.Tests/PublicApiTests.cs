using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Testing;

namespace Neuron.EndToEnd.Tests;

/// <summary>Through the public HTTP API, with everything real: Azurite, queue, dispatcher, runner, Docker.</summary>
[Collection(StackCollection.Name)]
public sealed class PublicApiTests(StackFixture stack)
{
    [Theory]
    [InlineData("python", "print('hello from python')")]
    [InlineData("javascript", "console.log('hello from javascript')")]
    [InlineData("java", "public class Main { public static void main(String[] a) { System.out.println(\"hello from java\"); } }")]
    [InlineData("cpp", "#include <iostream>\nint main() { std::cout << \"hello from cpp\" << std::endl; }")]
    [InlineData("c", "#include <stdio.h>\nint main(void) { puts(\"hello from c\"); return 0; }")]
    public async Task HelloWorld_CompletesOk_InEachLanguage(string language, string source)
    {
        var run = await stack.RunAsync(new { language, source });

        Assert.Equal("ok", run.GetProperty("verdict").GetString());
        Assert.Equal($"hello from {language}\n", run.GetProperty("stdout").GetString());
        Assert.False(string.IsNullOrEmpty(run.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Stdin_ReachesTheProgram()
    {
        var run = await stack.RunAsync(new { language = "python", source = "print(input()[::-1])", stdin = "neuron\n" });

        Assert.Equal("ok", run.GetProperty("verdict").GetString());
        Assert.Equal("noruen\n", run.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task CompileError_IsReportedWithTheCompilersMessage()
    {
        var run = await stack.RunAsync(new { language = "cpp", source = "int main() { return missing; }" });

        Assert.Equal("compile_error", run.GetProperty("verdict").GetString());
        Assert.Contains("missing", run.GetProperty("compileOutput").GetString());
    }

    [Fact]
    public async Task InfiniteLoop_IsTimeLimit()
    {
        var run = await stack.RunAsync(new { language = "python", source = "while True: pass", limits = new { timeMs = 1000 } });

        Assert.Equal("time_limit", run.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task TwoHundredConcurrentSubmissions_AllCompleteCorrectly()
    {
        var submitted = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var response = await stack.Api.PostAsJsonAsync("/api/runs", new { language = "python", source = $"print({i} * 3)" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            return (i, id);
        }));

        var finished = await Task.WhenAll(submitted.Select(async s => (s.i, run: await PublicApi.WaitFinalAsync(stack.Api, s.id) ?? throw new TimeoutException(s.id))));

        Assert.Equal(200, submitted.Select(s => s.id).Distinct().Count());
        foreach (var (i, run) in finished)
        {
            Assert.Equal("completed", run.GetProperty("status").GetString());
            Assert.Equal("ok", run.GetProperty("verdict").GetString());
            Assert.Equal($"{i * 3}\n", run.GetProperty("stdout").GetString());
        }
    }
}
