namespace Neuron.Runner.Tests.Support;

/// <summary>
/// The simulated ACI groups: they start containers and agents of their own, so they run alone, after the other
/// collections, never beside the timing-sensitive backpressure tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AciGroupCollection
{
    public const string Name = "aci-group";
}
