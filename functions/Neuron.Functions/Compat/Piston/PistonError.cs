namespace Neuron.Functions.Compat.Piston;

/// <summary>Piston's error body: <c>{"message": "..."}</c>, with Piston's status (400 for a bad request).</summary>
public sealed record PistonError(string Message);
