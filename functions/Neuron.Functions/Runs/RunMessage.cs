using System.Text.Json;

namespace Neuron.Functions.Runs;

/// <summary>The <c>runs</c> queue message: only a pointer to the run record, plus W3C trace context.</summary>
public sealed record RunMessage(string RunId, string? Traceparent = null)
{
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
