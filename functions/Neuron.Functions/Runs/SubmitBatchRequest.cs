namespace Neuron.Functions.Runs;

/// <summary>The body of <c>POST /api/runs/batch</c>: each run as <c>POST /api/runs</c> takes it.</summary>
public sealed record SubmitBatchRequest(IReadOnlyList<SubmitRunRequest>? Runs);
