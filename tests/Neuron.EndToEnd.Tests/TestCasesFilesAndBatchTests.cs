using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Neuron.EndToEnd.Tests;

/// <summary>Multi-file programs, arguments, test cases and batches through the public API on the real runner.</summary>
[Collection(StackCollection.Name)]
public sealed class TestCasesFilesAndBatchTests(StackFixture stack)
{
    private static string[] Verdicts(JsonElement run) =>
        [.. run.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("verdict").GetString()!)];

    [Fact]
    public async Task MultiFileProgram_ImportsItsSecondFile_AndGetsItsArgs()
    {
        var run = await stack.RunAsync(new
        {
            language = "python",
            files = new[]
            {
                new { name = "solution.py", content = "import sys, helper\nprint(helper.greet(sys.argv[1:]))" },
                new { name = "helper.py", content = "def greet(names):\n    return 'hello ' + ' and '.join(names)" },
            },
            args = new[] { "ada", "grace hopper" },
        });

        Assert.Equal("ok", run.GetProperty("verdict").GetString());
        Assert.Equal("hello ada and grace hopper\n", run.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("tests").ValueKind);
    }

    [Fact]
    public async Task CppTestCases_MixedPassAndFail_GiveEachCaseItsVerdict()
    {
        var run = await stack.RunAsync(new
        {
            language = "cpp",
            source = "#include <iostream>\nint main() { long a, b; std::cin >> a >> b; if (b == 0) return 1; std::cout << a / b << std::endl; }",
            tests = new object[]
            {
                new { stdin = "6 3\n", expectedOutput = "2", name = "divides" },
                new { stdin = "7 2\n", expectedOutput = "3.5", name = "fraction" },
                new { stdin = "1 0\n", expectedOutput = "", name = "by zero" },
                new { stdin = "9 3\n", expectedOutput = "3\n" },
            },
        });

        Assert.Equal("wrong_answer", run.GetProperty("verdict").GetString());
        Assert.Equal(["ok", "wrong_answer", "runtime_error", "ok"], Verdicts(run));
        Assert.Equal(["2\n", "3\n", "", "3\n"], run.GetProperty("tests").EnumerateArray().Select(t => t.GetProperty("stdout").GetString()));
        Assert.Equal("fraction", run.GetProperty("tests")[1].GetProperty("name").GetString());
    }

    [Fact]
    public async Task TestCases_OfACompileError_RunNone()
    {
        var run = await stack.RunAsync(new
        {
            language = "cpp",
            source = "int main() { return missing; }",
            tests = new[] { new { stdin = "1" }, new { stdin = "2" } },
        });

        Assert.Equal("compile_error", run.GetProperty("verdict").GetString());
        Assert.Equal(["skipped", "skipped"], Verdicts(run));
    }

    [Fact]
    public async Task Batch_RunsEach_AndGetRunsReadsThemBack()
    {
        var response = await stack.Api.PostAsJsonAsync("/api/runs/batch?wait=30", new
        {
            runs = Enumerable.Range(1, 5).Select(i => new { language = "python", source = $"print({i} * 7)" }).ToArray(),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        var runs = JsonDocument.Parse(body).RootElement.GetProperty("runs").EnumerateArray().ToList();

        Assert.Equal(["7\n", "14\n", "21\n", "28\n", "35\n"], runs.Select(r => r.GetProperty("stdout").GetString()));
        var ids = runs.Select(r => r.GetProperty("id").GetString()!).ToList();
        var list = await stack.Api.GetFromJsonAsync<JsonElement>($"/api/runs?ids={string.Join(',', ids)}");
        Assert.Equal(ids, list.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Empty(list.GetProperty("notFound").EnumerateArray());
    }
}
