using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// The body of <c>POST /api/runs</c> (and each run of <c>POST /api/runs/batch</c>). The program is <see cref="Source"/>
/// or <see cref="Files"/>, not both; the first file is the entry point, the others sit beside it. With
/// <see cref="Tests"/> the program is compiled once and run once per case (each with its own stdin and expected
/// output: the run's <see cref="Stdin"/> and <see cref="ExpectedOutput"/> stay out), <see cref="StopOnFirstFailure"/>
/// skipping the cases after the first that fails.
/// </summary>
public sealed record SubmitRunRequest(
    string? Language,
    string? Source,
    string? Stdin = null,
    IReadOnlyList<string>? Args = null,
    RunLimits? Limits = null,
    string? ExpectedOutput = null,
    string? SessionId = null,
    IReadOnlyList<SourceFile>? Files = null,
    IReadOnlyList<TestCaseInput>? Tests = null,
    bool? StopOnFirstFailure = null)
{
    /// <summary>Where the final run is delivered (signed webhook).</summary>
    public string? CallbackUrl { get; init; }
}
