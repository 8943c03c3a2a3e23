using System.Text.Json.Serialization;

namespace Neuron.Functions.Hosting;

/// <summary>The custom-handler reply to a non-HTTP invocation. The host fails the invocation on any non-2xx status.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] Dictionary<string, string> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] string? ReturnValue)
{
    public static InvocationResponse Of(params string[] logs) => new([], logs, null);
}
