using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>The body of <c>POST /api/runs</c>.</summary>
public sealed record SubmitRunRequest(
    string? Language,
    string? Source,
    string? Stdin = null,
    IReadOnlyList<string>? Args = null,
    RunLimits? Limits = null,
    string? ExpectedOutput = null,
    string? SessionId = null)
{
    /// <summary>Several files instead of <see cref="Source"/> (not both); the first is the entry point.</summary>
    public IReadOnlyList<SourceFile>? Files { get; init; }

    /// <summary>Where the final run is delivered (signed webhook).</summary>
    public string? CallbackUrl { get; init; }
}
