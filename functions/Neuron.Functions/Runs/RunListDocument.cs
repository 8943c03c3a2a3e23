namespace Neuron.Functions.Runs;

/// <summary>
/// The answer of <c>GET /api/runs?ids=</c>: the caller's runs among the ids, in the order asked, and the ids that name
/// none of its runs (unknown, or another key's: the two are not told apart).
/// </summary>
public sealed record RunListDocument(IReadOnlyList<RunDocument> Runs, IReadOnlyList<string> NotFound);
