using System.Globalization;
using System.Text.Json;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// A run as Judge0 CE 1.13.1's submission JSON: the requested <see cref="Judge0Fields"/> in their order, text
/// attributes Base64-encoded when asked (as Judge0 encodes them, <see cref="Judge0Base64"/>). Empty outputs are null,
/// <c>time</c> and <c>wall_time</c> strings of seconds, <c>memory</c> KiB. Attributes Neuron does not keep or apply
/// (stack and file-size limits, process counts, per-process limits) are null or Judge0's neutral value. Used for
/// <c>GET /submissions/{token}</c>, <c>?wait=true</c>, batches, and the Judge0 callback's body
/// (<see cref="SerializeCallback"/>: Base64 and the default fields, as Judge0 PUTs it).
/// </summary>
public sealed class Judge0SubmissionWriter(Judge0Languages languages)
{
    public byte[] SerializeCallback(RunRecord run) => Serialize(run, Judge0Fields.Default, base64: true);

    public byte[] Serialize(RunRecord run, Judge0Fields fields, bool base64)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            Write(writer, run, fields, base64);
        return buffer.ToArray();
    }

    public void Write(Utf8JsonWriter writer, RunRecord run, Judge0Fields fields, bool base64)
    {
        var result = run.Result;
        var compiled = run.Status == RunStatus.Completed && run.Verdict == Verdicts.CompileError;
        var ran = run.IsFinal && !compiled && run.Status == RunStatus.Completed && run.Verdict != Verdicts.InternalError;
        var status = Judge0Status.Of(run);
        var outcome = run.IsFinal && !compiled ? IsolateOutcome.Of(run) : null;
        writer.WriteStartObject();
        foreach (var name in fields.Names)
        {
            writer.WritePropertyName(name);
            switch (name)
            {
                case "token": writer.WriteStringValue(Judge0Tokens.Of(run.Id)); break;
                case "source_code": Text(writer, run.Source, base64); break;
                case "stdin": Text(writer, run.Stdin, base64); break;
                case "expected_output": Text(writer, run.ExpectedOutput, base64); break;
                case "stdout": Text(writer, ran ? result.Stdout : null, base64); break;
                case "stderr": Text(writer, ran ? result.Stderr : null, base64); break;
                case "compile_output": Text(writer, run.IsFinal ? result.CompileOutput : null, base64); break;
                case "message": Text(writer, outcome?.Message, base64); break;
                case "status":
                    writer.WriteStartObject();
                    writer.WriteNumber("id", status.Id);
                    writer.WriteString("description", status.Description);
                    writer.WriteEndObject();
                    break;
                case "status_id": writer.WriteNumberValue(status.Id); break;
                case "language_id": Number(writer, Judge0Languages.IdOf(run.Language)); break;
                case "language":
                    writer.WriteStartObject();
                    Number(writer, "id", Judge0Languages.IdOf(run.Language));
                    writer.WriteString("name", languages.FindByNeuronId(run.Language)?.Name ?? run.Language);
                    writer.WriteEndObject();
                    break;
                case "time": Seconds(writer, ran ? result.CpuMs : null); break;
                case "wall_time": Seconds(writer, ran ? result.TimeMs : null); break;
                case "memory": Number(writer, ran ? result.MemoryKb : null); break;
                // Judge0 reads a missing exit code as 0 (a program killed by a signal has none).
                case "exit_code": Number(writer, ran ? result.ExitCode ?? 0 : null); break;
                case "exit_signal": Number(writer, ran ? outcome?.Signal ?? result.Signal : null); break;
                case "created_at": Time(writer, run.CreatedAt); break;
                case "finished_at": Time(writer, run.FinishedAt); break;
                case "cpu_time_limit" or "wall_time_limit": Seconds(writer, run.Limits.TimeMs); break;
                case "cpu_extra_time": writer.WriteStringValue("0.0"); break;
                case "memory_limit": Number(writer, run.Limits.MemoryMb * 1024L); break;
                case "number_of_runs": writer.WriteNumberValue(1); break;
                case "command_line_arguments":
                    Text(writer, run.Args is { Count: > 0 } args ? CommandLineArguments.Join(args) : null, base64: false);
                    break;
                case "enable_per_process_and_thread_time_limit" or "enable_per_process_and_thread_memory_limit"
                    or "redirect_stderr_to_stdout" or "enable_network":
                    writer.WriteBooleanValue(false);
                    break;
                default: writer.WriteNullValue(); break;
            }
        }
        writer.WriteEndObject();
    }

    private static void Text(Utf8JsonWriter writer, string? text, bool base64)
    {
        if (string.IsNullOrEmpty(text))
            writer.WriteNullValue();
        else
            writer.WriteStringValue(base64 ? Judge0Base64.Encode(text) : text);
    }

    private static void Seconds(Utf8JsonWriter writer, int? milliseconds)
    {
        if (milliseconds is { } ms)
            writer.WriteStringValue((ms / 1000m).ToString("0.0##", CultureInfo.InvariantCulture));
        else
            writer.WriteNullValue();
    }

    private static void Number(Utf8JsonWriter writer, long? value)
    {
        if (value is { } v)
            writer.WriteNumberValue(v);
        else
            writer.WriteNullValue();
    }

    private static void Number(Utf8JsonWriter writer, string name, long? value)
    {
        writer.WritePropertyName(name);
        Number(writer, value);
    }

    private static void Time(Utf8JsonWriter writer, DateTimeOffset? time)
    {
        if (time is { } t)
            writer.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        else
            writer.WriteNullValue();
    }
}
