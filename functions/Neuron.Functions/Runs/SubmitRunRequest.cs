using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>The body of <c>POST /api/runs</c>. <see cref="CallbackUrl"/>: where the final run is sent, signed (README § Webhooks).</summary>
public sealed record SubmitRunRequest(
    string? Language,
    string? Source,
    string? Stdin = null,
    IReadOnlyList<string>? Args = null,
    RunLimits? Limits = null,
    string? ExpectedOutput = null,
    string? SessionId = null,
    string? CallbackUrl = null);
