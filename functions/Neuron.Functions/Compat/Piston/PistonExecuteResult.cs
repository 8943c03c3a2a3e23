using System.Text.Json.Serialization;

namespace Neuron.Functions.Compat.Piston;

/// <summary>The answer of <c>POST /api/v2/execute</c>; <see cref="Compile"/> only for compiled languages.</summary>
public sealed record PistonExecuteResult(
    string Language,
    string Version,
    PistonStage Run,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PistonStage? Compile);
