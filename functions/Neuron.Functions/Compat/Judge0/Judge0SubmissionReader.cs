using System.Globalization;
using System.Text.Json;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Reads one Judge0 submission (a JSON object) into a native submission, or Judge0's 422 errors (<c>{"field":
/// ["message"]}</c>). Numbers and booleans may come as strings, as Rails accepts them. With <c>base64_encoded</c>,
/// <c>source_code</c>, <c>stdin</c> and <c>expected_output</c> are decoded (and must be UTF-8 text).
/// Limits: Neuron has one time limit (wall; CPU time follows it), the smaller of <c>cpu_time_limit</c> and
/// <c>wall_time_limit</c>; <c>memory_limit</c> (KB) becomes MiB, rounded up, and at least the language's default. <c>cpu_extra_time</c>, <c>stack_limit</c>,
/// <c>max_processes_and_or_threads</c>, <c>max_file_size</c>, <c>number_of_runs</c> and the per-process switches are
/// accepted and checked for type but Neuron's own limits apply (runner README); <c>enable_network</c> and
/// <c>redirect_stderr_to_stdout</c> may not be true.
/// </summary>
public static class Judge0SubmissionReader
{
    public sealed record Parsed(SubmitRunRequest? Request, Dictionary<string, string[]>? Errors);

    /// <param name="item">One submission's JSON object.</param>
    /// <param name="base64">Whether <c>?base64_encoded=true</c> was given.</param>
    /// <param name="languages">The catalog's languages under their Judge0 ids.</param>
    /// <param name="maxFileBytes">The most that <c>additional_files</c> may hold once extracted.</param>
    public static Parsed Read(JsonElement item, bool base64, IReadOnlyList<Judge0Languages.Entry> languages, long maxFileBytes)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Error(string field, string message) => errors.TryAdd(field, [message]);
        if (item.ValueKind != JsonValueKind.Object)
            return new(null, new() { ["submission"] = ["must be a JSON object"] });

        string? Text(string field)
        {
            if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            if (value.ValueKind != JsonValueKind.String)
            {
                Error(field, "must be a string");
                return null;
            }
            var text = value.GetString()!;
            if (!base64 || field is not ("source_code" or "stdin" or "expected_output"))
                return text;
            if (Judge0Base64.Decode(text) is not { } bytes)
            {
                Error(field, "is not valid Base64");
                return null;
            }
            if (Utf8Text.TryDecode(bytes) is { } decoded)
                return decoded;
            Error(field, "is not UTF-8 text once decoded");
            return null;
        }

        double? Number(string field, double min, double? max)
        {
            if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            double number;
            if (value.ValueKind == JsonValueKind.Number)
                number = value.GetDouble();
            else if (value.ValueKind != JsonValueKind.String || !double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                Error(field, "is not a number");
                return null;
            }
            if (number < min)
                Error(field, $"must be greater than or equal to {Format(min)}");
            else if (max is { } m && number > m)
                Error(field, $"must be less than or equal to {Format(m)}");
            return number;
        }

        bool? Flag(string field)
        {
            if (!item.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
                return null;
            switch (value.ValueKind)
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed):
                    return parsed;
                default:
                    Error(field, "is not a boolean");
                    return null;
            }
        }

        var source = Text("source_code");
        var stdin = Text("stdin");
        var expected = Text("expected_output");
        if (string.IsNullOrEmpty(source))
            Error("source_code", "can't be blank");

        Judge0Languages.Entry? language = null;
        if (!item.TryGetProperty("language_id", out var idValue) || idValue.ValueKind == JsonValueKind.Null)
            Error("language_id", "can't be blank");
        else if (Integer(idValue) is not { } id)
            Error("language_id", "is not a number");
        else if ((language = languages.FirstOrDefault(l => l.Id == id)) is null)
            Error("language_id", $"language with id {id} doesn't exist");

        var maxTime = language is null ? (double?)null : language.Language.MaxLimits.TimeMs / 1000.0;
        var maxMemory = language is null ? (double?)null : language.Language.MaxLimits.MemoryMb * 1024.0;
        var cpu = Number("cpu_time_limit", 0, maxTime);
        var wall = Number("wall_time_limit", 0, maxTime);
        var memory = Number("memory_limit", 2048, maxMemory);
        Number("cpu_extra_time", 0, null);
        Number("stack_limit", 0, null);
        Number("max_processes_and_or_threads", 0, null);
        Number("max_file_size", 0, null);
        Number("number_of_runs", 1, null);
        Flag("enable_per_process_and_thread_time_limit");
        Flag("enable_per_process_and_thread_memory_limit");
        if (Flag("enable_network") == true)
            Error("enable_network", "enabling network is not allowed");
        if (Flag("redirect_stderr_to_stdout") == true)
            Error("redirect_stderr_to_stdout", "is not supported: Neuron keeps stdout and stderr apart");

        IReadOnlyList<string>? args = null;
        if (Text("command_line_arguments") is { Length: > 0 } line)
        {
            if (line.Length > CommandLineArguments.MaxLength)
                Error("command_line_arguments", $"is too long (maximum is {CommandLineArguments.MaxLength} characters)");
            else if ((args = CommandLineArguments.Split(line)) is null)
                Error("command_line_arguments", "has an unterminated quote");
        }

        var languageId = language?.Language.Id;
        if (Text("compiler_options") is { Length: > 0 } options && language is not null)
        {
            if (options.Length > CommandLineArguments.MaxLength)
                Error("compiler_options", $"is too long (maximum is {CommandLineArguments.MaxLength} characters)");
            var (chosen, refusal) = CompilerOptions.Apply(language.Language.Id, language.Language.Compiled, options,
                id => languages.Any(l => l.Language.Id == id));
            if (refusal is not null)
                Error("compiler_options", refusal);
            languageId = chosen ?? languageId;
        }

        var callback = Text("callback_url");
        if (callback is not null && (callback.Length > 2048 || !Uri.TryCreate(callback, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            Error("callback_url", "must be an absolute http or https URL of at most 2048 characters");

        IReadOnlyList<SourceFile>? extra = null;
        if (Text("additional_files") is { Length: > 0 } archive)
        {
            var (files, refusal) = AdditionalFiles.Read(archive, maxFileBytes);
            if (refusal is not null)
                Error("additional_files", refusal);
            extra = files;
        }

        if (errors.Count > 0)
            return new(null, errors);

        var limits = new RunLimits(
            TimeLimit.Milliseconds(cpu, wall, millisecondsPerUnit: 1000),
            // Below the language's default the runtime may not start at all (the JVM, C++'s runtime): that much is
            // always given. Judge0's own default, 128000 KB, is less than Neuron's 256 MiB for Java and C++.
            memory is { } kb ? Math.Max((int)Math.Ceiling(kb / 1024), language!.Language.DefaultLimits.MemoryMb) : null);
        var entryName = languages.First(l => l.Language.Id == languageId).Language.FileName;
        var request = extra is { Count: > 0 }
            ? new SubmitRunRequest(languageId, null, stdin, args, limits, expected) { Files = [new SourceFile(entryName, source!), .. extra], CallbackUrl = callback }
            : new SubmitRunRequest(languageId, source, stdin, args, limits, expected) { CallbackUrl = callback };
        return new(request, null);
    }

    private static int? Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
