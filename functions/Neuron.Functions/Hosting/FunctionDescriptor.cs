using System.Reflection;

namespace Neuron.Functions.Hosting;

/// <summary>
/// One <c>[Function]</c> method and its trigger, as the Functions host reads it from <c>functions.metadata</c> and
/// local mode reads it from the attributes (<see cref="FunctionCatalog"/>).
/// </summary>
public sealed record FunctionDescriptor(string Name, MethodInfo Method, FunctionTrigger Trigger)
{
    public Type Type => Method.DeclaringType!;
}
