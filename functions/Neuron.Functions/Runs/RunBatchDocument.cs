namespace Neuron.Functions.Runs;

/// <summary>The answer of <c>POST /api/runs/batch</c>: every run of the batch, in the order submitted.</summary>
public sealed record RunBatchDocument(IReadOnlyList<RunDocument> Runs);
