using Microsoft.AspNetCore.Http.HttpResults;

namespace Neuron.Functions.Callers;

/// <summary>Either a caller or the problem that refuses the request.</summary>
public sealed record CallerResolution(CallerIdentity? Caller, ProblemHttpResult? Problem)
{
    public static CallerResolution Of(CallerIdentity caller) => new(caller, null);
    public static CallerResolution Refused(ProblemHttpResult problem) => new(null, problem);
}
