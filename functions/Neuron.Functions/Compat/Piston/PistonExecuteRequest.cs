using System.Globalization;
using System.Text.Json;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// Reads Piston's <c>execute</c> body into a native submission, with Piston's checks and messages:
/// <c>language</c>, <c>version</c> (a semver range) and <c>files</c> (<c>content</c>, optional <c>name</c> and
/// <c>encoding</c> utf8/base64/hex) are required; <c>stdin</c> gets a final newline as Piston gives it one; <c>args</c>.
/// Limits: <c>run_timeout</c> and <c>run_cpu_time</c> (ms) become the run's time limit (the smaller of the two; Neuron
/// limits wall time, CPU time follows it), <c>run_memory_limit</c> (bytes, -1 for the default) its memory limit in
/// MiB, rounded up. <c>compile_timeout</c>, <c>compile_cpu_time</c> and <c>compile_memory_limit</c> are checked but
/// do not change Neuron's compile limits (20 s, the run's memory).
/// </summary>
public static class PistonExecuteRequest
{
    /// <summary>Neuron's fixed compile time, the "configured limit" compile timeouts may not exceed.</summary>
    public const int CompileTimeMs = 20_000;

    private const long MiB = 1024 * 1024;

    public sealed record Parsed(SubmitRunRequest? Request, LanguageInfo? Language, string? Error);

    public static Parsed Parse(byte[] body, IReadOnlyList<LanguageInfo> languages)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Fail("the body must be a JSON object");
        }
        if (root.ValueKind != JsonValueKind.Object)
            return Fail("the body must be a JSON object");

        if (String(root, "language") is not { Length: > 0 } language)
            return Fail("language is required as a string");
        if (String(root, "version") is not { Length: > 0 } version)
            return Fail("version is required as a string");
        if (!root.TryGetProperty("files", out var files) || files.ValueKind != JsonValueKind.Array)
            return Fail("files is required as an array");
        var index = 0;
        foreach (var file in files.EnumerateArray())
        {
            if (file.ValueKind != JsonValueKind.Object || !file.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
                return Fail($"files[{index}].content is required as a string");
            index++;
        }

        var match = PistonRuntimes.Find(languages, language, version);
        if (match is null)
            return Fail($"{language}-{version} runtime is unknown");
        var runtime = match.Language;

        var (sources, fileError) = Decode(files, runtime);
        if (fileError is not null)
            return Fail(fileError);
        if (LimitsError(root, runtime) is { } limitError)
            return Fail(limitError);

        string? stdin = null;
        if (root.TryGetProperty("stdin", out var stdinValue) && stdinValue.ValueKind != JsonValueKind.Null)
        {
            if (stdinValue.ValueKind != JsonValueKind.String)
                return Fail("stdin must be a string");
            stdin = stdinValue.GetString();
        }
        // Piston ends stdin with a newline when it has none (an empty stdin becomes "\n").
        stdin = (stdin ?? "").EndsWith('\n') ? stdin : (stdin ?? "") + "\n";

        List<string>? args = null;
        if (root.TryGetProperty("args", out var argsValue) && argsValue.ValueKind != JsonValueKind.Null)
        {
            if (argsValue.ValueKind != JsonValueKind.Array || argsValue.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
                return Fail("args must be an array of strings");
            args = argsValue.EnumerateArray().Select(a => a.GetString()!).ToList();
        }

        var memory = Number(root, "run_memory_limit");
        var limits = new RunLimits(
            TimeLimit.Milliseconds(Number(root, "run_timeout"), Number(root, "run_cpu_time"), millisecondsPerUnit: 1),
            memory is { } m and > 0 ? (int)Math.Ceiling(m / MiB) : null);

        var request = sources.Count == 1
            ? new SubmitRunRequest(runtime.Id, sources[0].Content, stdin, args, limits)
            : new SubmitRunRequest(runtime.Id, null, stdin, args, limits) { Files = sources };
        return new Parsed(request, runtime, null);
    }

    /// <summary>
    /// The files as text. The first is the entry point and is stored under the name Neuron's commands for the
    /// language run (<see cref="LanguageInfo.FileName"/>); the others keep theirs (Piston's <c>file{i}.code</c> when unnamed).
    /// </summary>
    private static (List<SourceFile> Files, string? Error) Decode(JsonElement files, LanguageInfo language)
    {
        var decoded = new List<SourceFile>();
        var utf8 = false;
        var i = 0;
        foreach (var file in files.EnumerateArray())
        {
            var encoding = String(file, "encoding") is { } e && e is "base64" or "hex" or "utf8" ? e : "utf8";
            utf8 |= encoding == "utf8";
            var content = file.GetProperty("content").GetString()!;
            var text = encoding == "utf8" ? content : Bytes(encoding, content) is { } bytes ? Utf8Text.TryDecode(bytes) : null;
            if (text is null)
                return ([], $"files[{i}].content is not valid {encoding} of UTF-8 text (Neuron runs text files only)");
            var name = i == 0 ? language.FileName : String(file, "name") is { Length: > 0 } n ? n : $"file{i}.code";
            decoded.Add(new SourceFile(name, text));
            i++;
        }
        if (!utf8)
            return ([], "files must include at least one utf8 encoded file");
        return (decoded, null);
    }

    /// <summary>Piston's checks of the six limits: a number, not above the configured limit, not negative (-1 is "unlimited" for memory).</summary>
    private static string? LimitsError(JsonElement root, LanguageInfo language)
    {
        var configured = new (string Name, double Max)[]
        {
            ("compile_timeout", CompileTimeMs), ("run_timeout", language.MaxLimits.TimeMs),
            ("compile_cpu_time", CompileTimeMs), ("run_cpu_time", language.MaxLimits.TimeMs),
            ("compile_memory_limit", language.MaxLimits.MemoryMb * MiB), ("run_memory_limit", language.MaxLimits.MemoryMb * MiB),
        };
        foreach (var (name, max) in configured)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.False)
                continue;
            if (value.ValueKind != JsonValueKind.Number)
                return $"If specified, {name} must be a number";
            var number = value.GetDouble();
            if (number == 0 || (number == -1 && name.EndsWith("memory_limit", StringComparison.Ordinal)))
                continue;
            if (number > max)
                return $"{name} cannot exceed the configured limit of {max.ToString(CultureInfo.InvariantCulture)}";
            if (number < 0)
                return $"{name} must be non-negative";
        }
        return null;
    }

    private static byte[]? Bytes(string encoding, string content)
    {
        try
        {
            return encoding == "hex" ? Convert.FromHexString(content) : Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Parsed Fail(string message) => new(null, null, message);
}
