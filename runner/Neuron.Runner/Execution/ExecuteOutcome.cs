using Neuron.Runner.Contracts;

namespace Neuron.Runner.Execution;

/// <summary>
/// A finished run; or no result: the language is disabled here (<see cref="Unavailable"/> says so), every sandbox
/// stayed busy past the wait bound, or the run id belongs to another submission (<see cref="Conflict"/>).
/// </summary>
public sealed record ExecuteOutcome(ExecuteResult? Result, string? Unavailable = null, string? Conflict = null);
