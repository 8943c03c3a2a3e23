using System.Net;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;
using Neuron.Runner.Contracts;
using static Neuron.Functions.Tests.Keys.KeyAuthenticationTests;

namespace Neuron.Functions.Tests.Runs;

/// <summary><c>files</c>, <c>args</c>, <c>tests</c> and <c>stopOnFirstFailure</c> from the API to the runner and back into the run document.</summary>
public sealed class TestCasesAndFilesTests
{
    [Fact]
    public async Task FilesAndArgs_ReachTheRunner_TheFirstFileAsTheEntryPoint()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        ExecuteRequest? sent = null;
        runner.Executing += request => sent = request;

        var response = await app.CreateClient().SubmitAsync(new
        {
            language = "python",
            files = new[] { new { name = "solution.py", content = "import helper" }, new { name = "helper.py", content = "X = 1" } },
            args = new[] { "alpha", "beta gamma" },
        }, "?wait=10");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(sent);
        Assert.Null(sent.Source);
        Assert.Equal([new SourceFile("main.py", "import helper"), new SourceFile("helper.py", "X = 1")], sent.Files);
        Assert.Equal(["alpha", "beta gamma"], sent.Args);
        Assert.Null(sent.Tests);
    }

    [Fact]
    public async Task Tests_ReachTheRunner_AndEachCasesResultIsStoredAndServed()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);
        ExecuteRequest? sent = null;
        runner.Executing += request => sent = request;
        // Enough per-case output that the cases' results no longer fit a table property: they spill to a blob.
        var big = new string('y', TestCaseResult.MaxReportedBytes);
        runner.Respond = request => new ExecuteResult
        {
            Verdict = Verdicts.WrongAnswer,
            Language = "python",
            Version = StubRunner.PythonVersion,
            Stdout = "3\n",
            WallMs = 30,
            CpuMs = 21,
            MemoryKb = 9_500,
            Tests =
            [
                new TestCaseResult { Name = "first", Verdict = Verdicts.Ok, Stdout = "2\n", TimeMs = 10, CpuMs = 7, MemoryKb = 9_000 },
                new TestCaseResult { Verdict = Verdicts.WrongAnswer, Stdout = "3\n", TimeMs = 30, CpuMs = 7, MemoryKb = 9_500 },
                .. Enumerable.Range(0, 4).Select(_ => new TestCaseResult { Verdict = Verdicts.Ok, Stdout = big, StdoutTruncated = true, CpuMs = 7 }),
                new TestCaseResult { Name = "last", Verdict = Verdicts.Skipped },
            ],
        };
        var http = app.CreateClient();

        var submitted = await (await http.SubmitAsync(new
        {
            language = "python",
            source = "print(int(input()) * 2)",
            tests = new object[]
            {
                new { stdin = "1\n", expectedOutput = "2", name = "first" }, new { stdin = "2\n", expectedOutput = "4" },
                new { stdin = "3\n" }, new { stdin = "4\n" }, new { stdin = "5\n" }, new { stdin = "6\n" }, new { stdin = "7\n", name = "last" },
            },
            stopOnFirstFailure = true,
        }, "?wait=10")).RunAsync();
        var read = await http.GetRunAsync(submitted.Id);

        Assert.Equal(7, sent!.Tests!.Count);
        Assert.Equal(new TestCaseInput("1\n", "2", "first"), sent.Tests[0]);
        Assert.Null(sent.Tests[2].ExpectedOutput);
        Assert.True(sent.StopOnFirstFailure);
        Assert.Null(sent.Stdin);
        foreach (var run in new[] { submitted, read })
        {
            Assert.Equal(Verdicts.WrongAnswer, run.Verdict);
            Assert.Equal(7, run.Tests!.Count);
            Assert.Equal(["first", null, null, null, null, null, "last"], run.Tests.Select(t => t.Name));
            Assert.Equal([Verdicts.Ok, Verdicts.WrongAnswer, Verdicts.Ok, Verdicts.Ok, Verdicts.Ok, Verdicts.Ok, Verdicts.Skipped], run.Tests.Select(t => t.Verdict));
            Assert.Equal(big, run.Tests[3].Stdout);
            Assert.Equal(30, run.Tests[1].TimeMs);
        }
        // The row points at the blob rather than holding the text.
        var row = (await app.RunsTable.GetEntityAsync<Azure.Data.Tables.TableEntity>(submitted.Id, RunStore.RowKey)).Value;
        Assert.Null(row.GetString("Tests"));
        Assert.Equal($"{submitted.Id}/Tests", row.GetString("TestsBlob"));
    }

    [Fact]
    public async Task RunWithoutTests_HasNoTestsInItsDocument()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var run = await (await app.CreateClient().SubmitAsync(Client.Python(), "?wait=10")).RunAsync();

        Assert.Equal(Verdicts.Ok, run.Verdict);
        Assert.Null(run.Tests);
    }

    [Fact]
    public async Task TooManyCasesForTheTimeBudget_IsRefused_WithoutARun()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.CreateClient().SubmitAsync(new
        {
            language = "python",
            source = "print(1)",
            limits = new { timeMs = 10_000 },
            tests = Enumerable.Range(0, 7).Select(i => new { stdin = $"{i}" }).ToArray(),
        });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "invalid-tests");
        Assert.Contains("60000 ms", problem.GetProperty("detail").GetString());
        Assert.Equal(0, runner.ExecuteCalls);
    }
}
