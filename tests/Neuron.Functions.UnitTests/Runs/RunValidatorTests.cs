using Neuron.Functions.Languages;
using Neuron.Functions.Runs;
using Neuron.Functions.Webhooks;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Runs;

/// <summary>Against the built-in fallback languages (python: default 5000 ms / 256 MB / 64 KB, maximum 15000 / 512 / 1024).</summary>
public sealed class RunValidatorTests
{
    private static readonly RunsOptions Options = new()
    {
        MaxSourceBytes = 100,
        MaxStdinBytes = 50,
        MaxArgs = 2,
        MaxArgLength = 5,
        MaxFiles = 3,
        MaxTests = 4,
        MaxTestsBytes = 120,
        MaxTestsTimeMs = 20_000,
    };
    private readonly RunValidator _validator = new(new LanguageCatalog(Microsoft.Extensions.Options.Options.Create(new LanguagesOptions()), TimeProvider.System),
        new CallbackUrlCheck(Microsoft.Extensions.Options.Options.Create(new WebhooksOptions())), Microsoft.Extensions.Options.Options.Create(Options));

    private static SubmitRunRequest Request(string? language = "python", string? source = "print(1)") => new(language, source);

    [Fact]
    public void Accepts_ALanguageByAlias_WithItsDefaultLimits()
    {
        var (valid, problem) = _validator.Validate(Request("PY"));

        Assert.Null(problem);
        Assert.Equal("python", valid!.Language.Id);
        Assert.Equal(new RunLimits(2_000, 128, 64), valid.Limits);
    }

    [Fact]
    public void KeyMaximum_CapsTheDefaults()
    {
        var (valid, _) = _validator.Validate(Request(), caps: new RunLimits(TimeMs: 1_000, MemoryMb: null, OutputKb: 32));

        Assert.Equal(new RunLimits(1_000, 128, 32), valid!.Limits);
    }

    [Fact]
    public void RequestedLimits_WithinTheRange_AreKept()
    {
        var (valid, _) = _validator.Validate(Request() with { Limits = new RunLimits(15_000, 1, 1_024) });

        Assert.Equal(new RunLimits(15_000, 1, 1_024), valid!.Limits);
    }

    public static TheoryData<SubmitRunRequest, int, string> Refused => new()
    {
        { Request(language: null), 400, "missing-language" },
        { Request(language: " "), 400, "missing-language" },
        { Request(language: "brainfuck"), 400, "unknown-language" },
        { Request(source: " \n"), 400, "empty-source" },
        { Request(source: new string('x', 101)), 413, "too-large" },
        { Request(source: new string('é', 51)), 413, "too-large" },
        { Request() with { Stdin = new string('x', 51) }, 413, "too-large" },
        { Request() with { ExpectedOutput = new string('x', 51) }, 413, "too-large" },
        { Request() with { Args = ["a", "b", "c"] }, 400, "invalid-args" },
        { Request() with { Args = ["toolong"] }, 400, "invalid-args" },
        { Request() with { Args = [null!] }, 400, "invalid-args" },
        { Request() with { SessionId = "has space" }, 400, "invalid-session" },
        { Request() with { SessionId = new string('s', 129) }, 400, "invalid-session" },
        { Request() with { Limits = new RunLimits(TimeMs: 15_001) }, 400, "invalid-limits" },
        { Request() with { Limits = new RunLimits(MemoryMb: 0) }, 400, "invalid-limits" },
        { Request() with { Limits = new RunLimits(OutputKb: 1_025) }, 400, "invalid-limits" },
        { Files(new SourceFile("a.py", "x")) with { Source = "print(1)" }, 400, "ambiguous-source" },
        { Files(), 400, "invalid-files" },
        { Files(new SourceFile("a.py", "1"), new SourceFile("b.py", "2"), new SourceFile("c.py", "3"), new SourceFile("d.py", "4")), 400, "invalid-files" },
        { Files(new SourceFile("../a.py", "x")), 400, "invalid-files" },
        { Files(new SourceFile(".hidden", "x")), 400, "invalid-files" },
        { Files([null!]), 400, "invalid-files" },
        { Files(new SourceFile("a.py", "x"), new SourceFile("a.py", "y")), 400, "invalid-files" },
        { Files(new SourceFile("app.py", "import helper"), new SourceFile("main.py", "x")), 400, "invalid-files" },
        { Files(new SourceFile("app.py", " "), new SourceFile("helper.py", "x")), 400, "empty-source" },
        { Files(new SourceFile("app.py", new string('x', 60)), new SourceFile("helper.py", new string('x', 41))), 413, "too-large" },
        { Request() with { StopOnFirstFailure = true }, 400, "invalid-tests" },
        { Request() with { Tests = [] }, 400, "invalid-tests" },
        { Request() with { Tests = [.. Enumerable.Repeat(new TestCaseInput("1", "1"), 5)] }, 400, "invalid-tests" },
        { Request() with { Tests = [null!] }, 400, "invalid-tests" },
        { Request() with { Tests = [new("1", "1")], Stdin = "1" }, 400, "invalid-tests" },
        { Request() with { Tests = [new("1", "1")], ExpectedOutput = "1" }, 400, "invalid-tests" },
        { Request() with { Tests = [new("1", "1", new string('n', 101))] }, 400, "invalid-tests" },
        { Request() with { Tests = [new(new string('x', 51), null)] }, 413, "too-large" },
        { Request() with { Tests = [new(new string('x', 50), null), new(new string('x', 50), null), new("x", new string('x', 21))] }, 413, "too-large" },
        { Request() with { Tests = [new("1", "1"), new("2", "2")], Limits = new RunLimits(TimeMs: 10_001) }, 400, "invalid-tests" },
    };

    private static SubmitRunRequest Files(params SourceFile[] files) => Request(source: null) with { Files = files };

    [Fact]
    public void Files_PutTheFirstUnderTheLanguagesEntryName_AndKeepTheOthersBesideIt()
    {
        var (valid, problem) = _validator.Validate(Files(new SourceFile("solution.py", "import helper"), new SourceFile("helper.py", "X = 1"), new SourceFile("data.txt", "")));

        Assert.Null(problem);
        Assert.Equal([new SourceFile("main.py", "import helper"), new SourceFile("helper.py", "X = 1"), new SourceFile("data.txt", "")], valid!.Files);
    }

    [Fact]
    public void Tests_WithinTheirTimeBudget_AreAccepted()
    {
        var (valid, problem) = _validator.Validate(Request() with { Tests = [new("1", "1"), new("2", null)], StopOnFirstFailure = true, Limits = new RunLimits(TimeMs: 10_000) });

        Assert.Null(problem);
        Assert.Equal(2, valid!.Request.Tests!.Count);
        Assert.Null(valid.Files);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_WithTheProblemForWhatIsWrong(SubmitRunRequest request, int status, string slug)
    {
        var (valid, problem) = _validator.Validate(request);

        Assert.Null(valid);
        Assert.Equal(status, problem!.StatusCode);
        Assert.Equal("urn:neuron:problem:" + slug, problem.ProblemDetails.Type);
    }

    [Fact]
    public void LimitAboveTheKeysMaximum_NamesTheKeysMaximum()
    {
        var (_, problem) = _validator.Validate(Request() with { Limits = new RunLimits(TimeMs: 2_000) }, caps: new RunLimits(TimeMs: 1_000));

        var errors = Assert.IsType<Dictionary<string, string[]>>(problem!.ProblemDetails.Extensions["errors"]);
        Assert.Equal(["Must be between 1 and 1000 (this key's maximum)."], errors["limits.timeMs"]);
        Assert.Equal(new LimitSet(1_000, 512, 1_024), problem.ProblemDetails.Extensions["maxLimits"]);
    }

    [Fact]
    public void UnknownLanguage_ListsTheKnownOnes_AndEchoesTheCallersTextSafely()
    {
        var (_, problem) = _validator.Validate(Request(language: "co\nbol"));

        Assert.Contains("'co?bol'", problem!.ProblemDetails.Detail);
        Assert.Equal(FallbackLanguages.All.Select(l => l.Id), (string[])problem.ProblemDetails.Extensions["languages"]!);
    }

    [Fact]
    public void SourceAtExactlyTheLimit_IsAccepted() =>
        Assert.Null(_validator.Validate(Request(source: new string('x', Options.MaxSourceBytes))).Problem);

    [Theory]
    [InlineData("https://hooks.example/neuron?token=abc")]
    [InlineData("https://93.184.215.14:8443/hook")]
    public void Accepts_AnHttpsCallbackUrl_OnAPublicHost(string url)
    {
        var (valid, problem) = _validator.Validate(Request() with { CallbackUrl = url });

        Assert.Null(problem);
        Assert.Equal(url, valid!.Request.CallbackUrl);
    }

    [Theory]
    [InlineData("/relative/hook", "invalid-callback-url")]
    [InlineData("http://hooks.example/plain", "callback-url-refused")]
    [InlineData("ftp://hooks.example/file", "invalid-callback-url")]
    [InlineData("https://user:pass@hooks.example/", "callback-url-refused")]
    [InlineData("https://10.1.2.3/hook", "callback-url-refused")]
    [InlineData("https://127.0.0.1/hook", "callback-url-refused")]
    [InlineData("https://2130706433/hook", "callback-url-refused")]
    [InlineData("https://[::ffff:192.168.0.1]/hook", "callback-url-refused")]
    [InlineData("https://[fd00::1]/hook", "callback-url-refused")]
    public void Refuses_ACallbackUrl_ThatIsNotAnHttpsUrlOfAPublicHost(string url, string kind)
    {
        var (_, problem) = _validator.Validate(Request() with { CallbackUrl = url });

        Assert.Equal(400, problem!.StatusCode);
        Assert.Equal("urn:neuron:problem:" + kind, problem.ProblemDetails.Type);
    }

    [Fact]
    public void Refuses_ACallbackUrl_LongerThanTheBound()
    {
        var (_, problem) = _validator.Validate(Request() with { CallbackUrl = "https://hooks.example/" + new string('a', RunValidator.MaxCallbackUrlLength) });

        Assert.Equal("urn:neuron:problem:invalid-callback-url", problem!.ProblemDetails.Type);
    }
}
