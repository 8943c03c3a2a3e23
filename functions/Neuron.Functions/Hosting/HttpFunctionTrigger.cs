namespace Neuron.Functions.Hosting;

/// <summary><c>[HttpTrigger]</c>: the route (no leading slash, as in function.json) and the methods, lowercase.</summary>
public sealed record HttpFunctionTrigger(string Route, IReadOnlyList<string> Methods) : FunctionTrigger;
