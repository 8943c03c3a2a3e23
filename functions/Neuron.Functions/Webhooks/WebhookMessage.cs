using System.Text.Json;

namespace Neuron.Functions.Webhooks;

/// <summary>The <c>webhooks</c> queue message: the run whose callback is due, and which attempt this message makes (1-based).</summary>
public sealed record WebhookMessage(string RunId, int Attempt)
{
    public static WebhookMessage Parse(string text)
    {
        var message = JsonSerializer.Deserialize(text, FunctionsJsonContext.Default.WebhookMessage);
        return message is { RunId.Length: > 0, Attempt: > 0 } ? message : throw new FormatException("A webhook message has a runId and an attempt.");
    }
}
