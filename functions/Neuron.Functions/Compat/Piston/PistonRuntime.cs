namespace Neuron.Functions.Compat.Piston;

/// <summary>One entry of <c>GET /api/v2/runtimes</c>, as Piston lists it.</summary>
public sealed record PistonRuntime(string Language, string Version, IReadOnlyList<string> Aliases);
