using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>The runner's verdicts (<see cref="Verdicts"/>) plus the one only the Functions app can give.</summary>
public static class RunVerdicts
{
    /// <summary>The program ran fine but its output differs from <c>expectedOutput</c>.</summary>
    public const string WrongAnswer = "wrong_answer";
}
