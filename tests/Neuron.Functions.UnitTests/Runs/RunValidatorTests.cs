using Neuron.Functions.Languages;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Runs;

/// <summary>Against the built-in fallback languages (python: default 5000 ms / 256 MB / 64 KB, maximum 15000 / 512 / 1024).</summary>
public sealed class RunValidatorTests
{
    private static readonly RunsOptions Options = new() { MaxSourceBytes = 100, MaxStdinBytes = 50, MaxArgs = 2, MaxArgLength = 5 };
    private readonly RunValidator _validator = new(new LanguageCatalog(Microsoft.Extensions.Options.Options.Create(new LanguagesOptions()), TimeProvider.System), Microsoft.Extensions.Options.Options.Create(Options));

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
    };

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
}
