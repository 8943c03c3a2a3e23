namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// A submission's attributes a client asks for with <c>?fields=</c>: a comma-separated list, <c>*</c> for all, the
/// eight defaults (token, time, memory, stdout, stderr, compile_output, message, status) when empty. An unknown name is
/// refused, as Judge0 refuses it (400 <c>invalid fields: [...]</c>).
/// </summary>
public sealed record Judge0Fields(IReadOnlyList<string> Names)
{
    public static readonly IReadOnlyList<string> AllNames =
    [
        "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at", "finished_at", "time",
        "memory", "stderr", "token", "number_of_runs", "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit",
        "stack_limit", "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
        "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output", "exit_code", "exit_signal", "message",
        "wall_time", "compiler_options", "command_line_arguments", "redirect_stderr_to_stdout", "callback_url",
        "additional_files", "enable_network", "status", "language",
    ];

    public static readonly Judge0Fields Default = new(["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"]);

    public static readonly Judge0Fields Everything = new(AllNames);

    /// <summary>Fields that need the run's inputs read from storage.</summary>
    public bool NeedsInputs => Names.Any(n => n is "source_code" or "stdin" or "expected_output");

    /// <summary>The fields of <paramref name="query"/>, or the names Judge0 would call invalid.</summary>
    public static (Judge0Fields? Fields, string? Error) Parse(string? query)
    {
        var names = (query ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains("*"))
            return (Everything, null);
        var invalid = names.Where(n => !AllNames.Contains(n, StringComparer.Ordinal)).ToList();
        if (invalid.Count > 0)
            return (null, $"invalid fields: [{string.Join(", ", invalid)}]");
        return names.Length == 0 ? (Default, null) : (new Judge0Fields(names.Distinct(StringComparer.Ordinal).ToList()), null);
    }
}
