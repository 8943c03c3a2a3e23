using Neuron.Runner.Contracts;

namespace Neuron.Runner.Execution;

/// <summary>
/// A finished run; or no result: the language is disabled here (<see cref="Unavailable"/> says so), or every sandbox
/// stayed busy past the wait bound.
/// </summary>
public sealed record ExecuteOutcome(ExecuteResult? Result, string? Unavailable = null);
