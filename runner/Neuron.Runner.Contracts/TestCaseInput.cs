namespace Neuron.Runner.Contracts;

/// <summary>
/// One test case of a run: the program (compiled once) runs once per case with this stdin, and an <c>ok</c> whose
/// stdout differs from <see cref="ExpectedOutput"/> (by <see cref="Contracts.ExpectedOutput.Matches"/>) is a
/// <c>wrong_answer</c>. No expected output: only the program's own verdict counts.
/// </summary>
public sealed record TestCaseInput(string? Stdin, string? ExpectedOutput, string? Name = null);
