using System.Text;
using System.Text.Json;
using Azure;

namespace Neuron.Functions.Runs;

/// <summary>
/// The <c>runs</c> queue message: a pointer to the run record, plus W3C trace context; a new run's message also
/// carries the record as inserted (<see cref="Run"/>) and the ETag storage gave it (<see cref="ETag"/>), so that the
/// first dispatcher can claim it with one conditional write and no read: the claim succeeds only while the row is
/// exactly that record (nobody changed it since), otherwise the dispatcher reads the row as for a pointer.
/// </summary>
public sealed record RunMessage(string RunId, string? Traceparent = null, string? ETag = null, RunRecord? Run = null)
{
    /// <summary>
    /// Past this many bytes a message carries the pointer alone: a queue message holds 64 KiB as sent, UTF-8 with
    /// XML's escapes (counted at their longest, 5 bytes per <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>, quote).
    /// </summary>
    public const int MaxCarriedBytes = 48 * 1024;

    /// <summary>The message of a new run: the record carried when it fits, the pointer alone otherwise.</summary>
    public static string For(RunRecord inserted, string? traceparent)
    {
        var carried = JsonSerializer.Serialize(new RunMessage(inserted.Id, traceparent, inserted.ETag.ToString(), inserted), FunctionsJsonContext.Default.RunMessage);
        var sent = Encoding.UTF8.GetByteCount(carried) + 4 * carried.Count(c => c is '&' or '<' or '>' or '"' or '\'');
        return sent <= MaxCarriedBytes ? carried : Pointer(inserted.Id, traceparent);
    }

    public static string Pointer(string runId, string? traceparent) =>
        JsonSerializer.Serialize(new RunMessage(runId, traceparent), FunctionsJsonContext.Default.RunMessage);

    /// <summary>The carried record with its ETag, when this message has one for its own run.</summary>
    public RunRecord? Carried => Run is { } run && run.Id == RunId && !string.IsNullOrEmpty(ETag) ? run with { ETag = new ETag(ETag) } : null;

    /// <summary>Reads the JSON form, or a bare run id (what someone putting a message by hand would write).</summary>
    public static RunMessage Parse(string text)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith('{'))
            return new RunMessage(trimmed);
        var message = JsonSerializer.Deserialize(trimmed, FunctionsJsonContext.Default.RunMessage);
        return message is { RunId.Length: > 0 } ? message : throw new FormatException("The message has no runId.");
    }
}
