namespace Neuron.Functions.Runners;

/// <summary>What the runners table says is up: the scale set's nodes that registered themselves (heartbeat fresh) and the burst groups.</summary>
public sealed record RunnerSet(IReadOnlyList<Uri> Registered, IReadOnlyList<Uri> Burst)
{
    public static readonly RunnerSet Empty = new([], []);
}
