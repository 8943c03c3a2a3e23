using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.Languages;
using Neuron.Functions.Sessions;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// Where a submission is validated: language known (by id or alias), source (or files) present and within size, stdin
/// and expectedOutput within size, args bounded, test cases bounded, limits inside the language's allowed range and the
/// key's maximum (which also caps the language's defaults). Sizes answer 413, the rest 400.
/// </summary>
public sealed partial class RunValidator(LanguageCatalog languages, IOptions<RunsOptions> options)
{
    /// <summary>
    /// A valid submission. <see cref="Files"/> are the request's files as the runner gets them: the first (the entry
    /// point) under the language's entry file name (<see cref="LanguageInfo.FileName"/>); null for a single source.
    /// </summary>
    public sealed record Valid(SubmitRunRequest Request, LanguageInfo Language, RunLimits Limits, IReadOnlyList<SourceFile>? Files = null);

    /// <summary>The runner's file names: plain names, no paths, no leading dot.</summary>
    [GeneratedRegex(@"\A[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\z")]
    private static partial Regex FileName();

    /// <summary>
    /// <see cref="Validate"/> once the languages are as good as a cold instance can know them within a bound
    /// (<see cref="LanguageCatalog.ReadyAsync"/>): a run submitted in an instance's first second gets the real version.
    /// </summary>
    public async ValueTask<(Valid? Run, ProblemHttpResult? Problem)> ValidateAsync(SubmitRunRequest request, RunLimits? caps, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        return Validate(request, caps);
    }

    /// <summary>Validates <paramref name="request"/>; <paramref name="caps"/> are the caller's key's maximum limits (null fields cap nothing).</summary>
    public (Valid? Run, ProblemHttpResult? Problem) Validate(SubmitRunRequest request, RunLimits? caps = null)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(request.Language))
            return Refuse(Problems.BadRequest("missing-language", "'language' is required.", KnownLanguages()));
        var language = languages.Find(request.Language);
        if (language is null)
            return Refuse(Problems.BadRequest("unknown-language", $"Unknown language '{Problems.Echo(request.Language)}'.", KnownLanguages()));
        IReadOnlyList<SourceFile>? files = null;
        if (request.Files is not null)
        {
            if (FilesProblem(request, language, o, out files) is { } filesProblem)
                return Refuse(filesProblem);
        }
        else if (string.IsNullOrWhiteSpace(request.Source))
            return Refuse(Problems.BadRequest("empty-source", "'source' must not be empty."));
        else if (Encoding.UTF8.GetByteCount(request.Source) > o.MaxSourceBytes)
            return Refuse(Problems.TooLarge($"'source' exceeds {o.MaxSourceBytes} bytes."));
        if (request.Stdin is not null && Encoding.UTF8.GetByteCount(request.Stdin) > o.MaxStdinBytes)
            return Refuse(Problems.TooLarge($"'stdin' exceeds {o.MaxStdinBytes} bytes."));
        if (request.ExpectedOutput is not null && Encoding.UTF8.GetByteCount(request.ExpectedOutput) > o.MaxStdinBytes)
            return Refuse(Problems.TooLarge($"'expectedOutput' exceeds {o.MaxStdinBytes} bytes."));
        if (request.Args is { } args && (args.Count > o.MaxArgs || args.Any(a => a is null || a.Length > o.MaxArgLength)))
            return Refuse(Problems.BadRequest("invalid-args", $"'args' allows at most {o.MaxArgs} non-null strings of at most {o.MaxArgLength} characters."));
        if (TestsProblem(request, o) is { } testsProblem)
            return Refuse(testsProblem);
        if (request.SessionId is not null && !SessionGate.IsValidSessionId(request.SessionId))
            return Refuse(Problems.BadRequest("invalid-session", "'sessionId' must be 1-128 characters of letters, digits, '-', '_' or '.'."));

        var requested = request.Limits ?? new RunLimits();
        var languageMax = language.MaxLimits;
        var max = new LimitSet(Cap(languageMax.TimeMs, caps?.TimeMs), Cap(languageMax.MemoryMb, caps?.MemoryMb), Cap(languageMax.OutputKb, caps?.OutputKb));
        var errors = new Dictionary<string, string[]>();
        Check(errors, "limits.timeMs", requested.TimeMs, max.TimeMs, max.TimeMs < languageMax.TimeMs);
        Check(errors, "limits.memoryMb", requested.MemoryMb, max.MemoryMb, max.MemoryMb < languageMax.MemoryMb);
        Check(errors, "limits.outputKb", requested.OutputKb, max.OutputKb, max.OutputKb < languageMax.OutputKb);
        if (errors.Count > 0)
        {
            return Refuse(Problems.BadRequest("invalid-limits", $"Limits outside the range allowed for {language.Id} with this key.",
                new Dictionary<string, object?> { ["errors"] = errors, ["maxLimits"] = max }));
        }
        var defaults = language.DefaultLimits;
        var limits = new RunLimits(
            requested.TimeMs ?? Math.Min(defaults.TimeMs, max.TimeMs),
            requested.MemoryMb ?? Math.Min(defaults.MemoryMb, max.MemoryMb),
            requested.OutputKb ?? Math.Min(defaults.OutputKb, max.OutputKb));
        if (request.Tests is { Count: var cases } && (long)cases * limits.TimeMs!.Value > o.MaxTestsTimeMs)
        {
            return Refuse(Problems.BadRequest("invalid-tests",
                $"{cases} cases of {limits.TimeMs} ms exceed the {o.MaxTestsTimeMs} ms a run's cases may take together; lower 'limits.timeMs' or split the cases."));
        }
        return (new Valid(request, language, limits, files), null);
    }

    /// <summary>Checks <c>files</c> and arranges them for the runner: the first, the entry point, under the language's entry name.</summary>
    private static ProblemHttpResult? FilesProblem(SubmitRunRequest request, LanguageInfo language, RunsOptions o, out IReadOnlyList<SourceFile>? arranged)
    {
        arranged = null;
        var files = request.Files!;
        if (request.Source is not null)
            return Problems.BadRequest("ambiguous-source", "Give either 'source' or 'files', not both.");
        if (files.Count == 0 || files.Count > o.MaxFiles)
            return Problems.BadRequest("invalid-files", $"'files' holds 1 to {o.MaxFiles} files.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        long bytes = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (file?.Name is null || !FileName().IsMatch(file.Name))
                return Problems.BadRequest("invalid-files", $"files[{i}].name must be a plain file name: letters, digits, '.', '_', '-', no path, not starting with '.'.");
            if (!names.Add(file.Name))
                return Problems.BadRequest("invalid-files", $"files[{i}].name '{Problems.Echo(file.Name)}' appears twice.");
            if (i > 0 && file.Name == language.FileName)
                return Problems.BadRequest("invalid-files",
                    $"files[{i}] is named '{language.FileName}', the name {language.Id} gives its entry file; the entry point is the first file.");
            bytes += Encoding.UTF8.GetByteCount(file.Content ?? "");
        }
        if (bytes > o.MaxSourceBytes)
            return Problems.TooLarge($"The files exceed {o.MaxSourceBytes} bytes together.");
        if (string.IsNullOrWhiteSpace(files[0].Content))
            return Problems.BadRequest("empty-source", "files[0], the entry point, must not be empty.");
        arranged = [new SourceFile(language.FileName, files[0].Content), .. files.Skip(1).Select(f => new SourceFile(f.Name, f.Content ?? ""))];
        return null;
    }

    private static ProblemHttpResult? TestsProblem(SubmitRunRequest request, RunsOptions o)
    {
        if (request.Tests is not { } tests)
        {
            return request.StopOnFirstFailure is null ? null
                : Problems.BadRequest("invalid-tests", "'stopOnFirstFailure' applies to 'tests'; give the cases.");
        }
        if (tests.Count == 0 || tests.Count > o.MaxTests)
            return Problems.BadRequest("invalid-tests", $"'tests' holds 1 to {o.MaxTests} cases.");
        if (request.Stdin is not null || request.ExpectedOutput is not null)
            return Problems.BadRequest("invalid-tests", "With 'tests', each case has its own stdin and expectedOutput: leave the run's out.");
        long bytes = 0;
        for (var i = 0; i < tests.Count; i++)
        {
            if (tests[i] is not { } test)
                return Problems.BadRequest("invalid-tests", $"tests[{i}] must be an object.");
            if (test.Name is { Length: > 100 })
                return Problems.BadRequest("invalid-tests", $"tests[{i}].name is longer than 100 characters.");
            var stdin = Encoding.UTF8.GetByteCount(test.Stdin ?? "");
            var expected = Encoding.UTF8.GetByteCount(test.ExpectedOutput ?? "");
            if (stdin > o.MaxStdinBytes || expected > o.MaxStdinBytes)
                return Problems.TooLarge($"tests[{i}]: 'stdin' and 'expectedOutput' may each take {o.MaxStdinBytes} bytes.");
            bytes += stdin + expected;
        }
        return bytes > o.MaxTestsBytes ? Problems.TooLarge($"The cases' stdin and expectedOutput exceed {o.MaxTestsBytes} bytes together.") : null;
    }

    private static int Cap(int languageMax, int? keyMax) => keyMax is { } k ? Math.Min(languageMax, k) : languageMax;

    private static void Check(Dictionary<string, string[]> errors, string name, int? value, int max, bool keyMaximum)
    {
        if (value is { } v && (v < 1 || v > max))
            errors[name] = [keyMaximum ? $"Must be between 1 and {max} (this key's maximum)." : $"Must be between 1 and {max}."];
    }

    private Dictionary<string, object?> KnownLanguages() => new()
    {
        ["languages"] = languages.All.Select(l => l.Id).ToArray(),
    };

    private static (Valid?, ProblemHttpResult?) Refuse(ProblemHttpResult problem) => (null, problem);
}
