using System.Text.Json.Serialization;

namespace Neuron.Functions.Compat.Piston;

/// <summary>
/// One stage (compile or run) of a Piston <c>execute</c> answer. <see cref="Status"/> is isolate's and Piston's code:
/// <c>RE</c> non-zero exit, <c>SG</c> killed by a signal, <c>TO</c> timed out, <c>OL</c>/<c>EL</c> stdout/stderr over the
/// output limit, <c>XX</c> internal error; null when the stage ran fine. Times in milliseconds, memory in bytes.
/// </summary>
public sealed record PistonStage(
    string Stdout,
    string Stderr,
    string Output,
    int? Code,
    string? Signal,
    string? Message,
    string? Status,
    [property: JsonPropertyName("cpu_time")] int? CpuTime,
    [property: JsonPropertyName("wall_time")] int? WallTime,
    long? Memory);
