namespace Neuron.Runner.Execution;

/// <summary>Why a request was refused, as it will be told in an RFC 9457 problem document.</summary>
public sealed record RequestProblem(int Status, string Title, string Detail, IDictionary<string, object?>? Extensions = null);
