using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Execution;

/// <summary>Checks an <see cref="ExecuteRequest"/> and resolves it, or says precisely what is wrong.</summary>
public sealed partial class ExecuteValidator(LanguageCatalog catalog, IOptions<RunnerOptions> options)
{
    private const int MaxFiles = 32;
    private const int MaxArgs = 64;
    private const int MaxArgLength = 4096;
    /// <summary>Test cases per run.</summary>
    public const int MaxTests = 64;
    private readonly RunnerOptions _options = options.Value;

    [GeneratedRegex(@"\A[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\z")]
    private static partial Regex FileName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RunId();

    /// <summary>The problem with the request, or null with <paramref name="run"/> resolved.</summary>
    public RequestProblem? Validate(ExecuteRequest request, out ValidatedRun? run)
    {
        run = null;
        if (request.RunId is not null && !RunId().IsMatch(request.RunId))
            return new(400, "Invalid run id", "runId must be 1 to 64 letters, digits, '_' or '-'");
        if (Check(request, out var language, out var files) is { } problem)
            return problem;
        var limits = Resolve(request.Limits, language);
        if (LimitProblem(limits, language) is { } limitProblem)
            return limitProblem;
        if (_options.Isolation == SandboxIsolation.Static && limits.MemoryMb > _options.StaticMemoryMb)
            return new(422, "Memory above this runner's ceiling",
                $"memoryMb {limits.MemoryMb} is more than the {_options.StaticMemoryMb} MiB this runner's sandboxes have; another runner may take it",
                new Dictionary<string, object?> { ["maxMemoryMb"] = _options.StaticMemoryMb });
        var stdin = Encoding.UTF8.GetBytes(request.Stdin ?? "");
        if (stdin.Length > _options.MaxStdinMb * 1024 * 1024)
            return new(413, "Stdin too large", $"stdin is {stdin.Length} bytes; the maximum is {_options.MaxStdinMb} MiB");
        if (CheckTests(request, out var tests) is { } testsProblem)
            return testsProblem;
        run = new ValidatedRun(language, files, stdin, request.Args ?? [], limits, request.Tenant, tests, request.StopOnFirstFailure ?? false);
        return null;
    }

    private RequestProblem? CheckTests(ExecuteRequest request, out List<ValidatedCase>? tests)
    {
        tests = null;
        if (request.Tests is null)
            return request.StopOnFirstFailure is null ? null : new(400, "Invalid tests", "stopOnFirstFailure needs tests");
        if (request.Tests.Count is 0 or > MaxTests)
            return new(400, "Invalid tests", $"tests holds 1 to {MaxTests} cases");
        if (request.Stdin is not null)
            return new(400, "Invalid tests", "with tests, each case has its own stdin: leave the run's stdin out");
        tests = new List<ValidatedCase>(request.Tests.Count);
        long total = 0;
        foreach (var (test, i) in request.Tests.Select((t, i) => (t, i)))
        {
            if (test is null)
                return new(400, "Invalid tests", $"tests[{i}] is null");
            var stdin = Encoding.UTF8.GetBytes(test.Stdin ?? "");
            if (stdin.Length > _options.MaxStdinMb * 1024 * 1024)
                return new(413, "Stdin too large", $"tests[{i}].stdin is {stdin.Length} bytes; the maximum is {_options.MaxStdinMb} MiB");
            total += stdin.Length + (test.ExpectedOutput?.Length ?? 0);
            if (total > _options.MaxStdinMb * 4L * 1024 * 1024)
                return new(413, "Tests too large", $"the cases' stdin and expected output exceed {_options.MaxStdinMb * 4} MiB together");
            tests.Add(new ValidatedCase(test.Name, stdin, test.ExpectedOutput));
        }
        return null;
    }

    private RequestProblem? Check(ExecuteRequest request, out Language language, out List<KeyValuePair<string, byte[]>> files)
    {
        files = [];
        if (string.IsNullOrWhiteSpace(request.Language) || !catalog.TryFind(request.Language, out language))
        {
            language = null!;
            return new(400, "Unknown language", $"'{request.Language}' is not a language this runner serves",
                new Dictionary<string, object?> { ["languages"] = catalog.All.Select(l => l.Id).ToArray() });
        }
        if (request.Files is { Count: > 0 } && request.Source is not null)
            return new(400, "Ambiguous source", "give either 'source' or 'files', not both");
        if (request.Files is { Count: > 0 })
        {
            if (request.Files.Count > MaxFiles)
                return new(400, "Too many files", $"at most {MaxFiles} files");
            foreach (var file in request.Files)
            {
                if (file.Name is null || !FileName().IsMatch(file.Name))
                    return new(400, "Invalid file name", $"'{file.Name}' is not a plain file name (letters, digits, '.', '_', '-'; no paths)");
                if (files.Any(f => f.Key == file.Name))
                    return new(400, "Duplicate file name", $"'{file.Name}' appears twice");
                files.Add(new(file.Name, Encoding.UTF8.GetBytes(file.Content ?? "")));
            }
            var entry = language.FileName;
            if (!files.Any(f => f.Key == entry))
                return new(400, "Missing entry file", $"{language.Id} runs '{entry}'; include a file of that name");
            // The entry file's own rule (Java's public class, ...) may rename it to match.
            var index = files.FindIndex(f => f.Key == entry);
            var resolved = language.ForSource(Encoding.UTF8.GetString(files[index].Value));
            if (resolved.FileName != entry)
            {
                if (files.Any(f => f.Key == resolved.FileName))
                    return new(400, "Conflicting entry file", $"'{entry}' must be saved as '{resolved.FileName}', which is another file of the request");
                files[index] = new(resolved.FileName, files[index].Value);
            }
            language = resolved;
        }
        else if (string.IsNullOrWhiteSpace(request.Source))
        {
            return new(400, "Empty source", "'source' must contain the program");
        }
        else
        {
            language = language.ForSource(request.Source);
            files.Add(new(language.FileName, Encoding.UTF8.GetBytes(request.Source)));
        }
        var size = files.Sum(f => f.Value.Length);
        if (files.All(f => f.Value.Length == 0))
            return new(400, "Empty source", "the program is empty");
        if (size > _options.MaxSourceKb * 1024)
            return new(413, "Source too large", $"the source is {size} bytes; the maximum is {_options.MaxSourceKb} KiB");
        var args = request.Args ?? [];
        if (args.Count > MaxArgs || args.Any(a => a is null || a.Length > MaxArgLength || a.Contains('\0')))
            return new(400, "Invalid args", $"at most {MaxArgs} arguments of at most {MaxArgLength} characters, without NUL");
        return null;
    }

    private static LimitSet Resolve(RunLimits? requested, Language language) => new(
        requested?.TimeMs ?? language.DefaultLimits.TimeMs,
        requested?.MemoryMb ?? language.DefaultLimits.MemoryMb,
        requested?.OutputKb ?? language.DefaultLimits.OutputKb);

    private static RequestProblem? LimitProblem(LimitSet limits, Language language)
    {
        var (min, max) = (language.MinLimits, language.MaxLimits);
        var errors = new List<string>();
        if (limits.TimeMs < min.TimeMs || limits.TimeMs > max.TimeMs)
            errors.Add($"timeMs must be between {min.TimeMs} and {max.TimeMs}");
        if (limits.MemoryMb < min.MemoryMb || limits.MemoryMb > max.MemoryMb)
            errors.Add($"memoryMb must be between {min.MemoryMb} and {max.MemoryMb}");
        if (limits.OutputKb < min.OutputKb || limits.OutputKb > max.OutputKb)
            errors.Add($"outputKb must be between {min.OutputKb} and {max.OutputKb}");
        return errors.Count == 0 ? null : new(400, "Limits out of range", string.Join("; ", errors) + $" for {language.Id}");
    }
}
