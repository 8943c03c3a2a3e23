using Neuron.Runner.Contracts;

namespace Neuron.Runner.Execution;

/// <summary>A finished run, or the fact that the runner was too busy to start it.</summary>
public sealed record ExecuteOutcome(ExecuteResult? Result, bool Busy, string? Unavailable = null);
