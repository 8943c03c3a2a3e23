namespace Neuron.Functions.Runners;

/// <summary>How the dispatcher finds the scale set's nodes (<c>Runner:Discovery</c>).</summary>
public enum RunnerDiscovery
{
    /// <summary>At <c>Runner:Url</c>: the internal load balancer (internalLoadBalancer profile) or one local runner.</summary>
    Url,

    /// <summary>In the runners table, where each node registers its private address with a heartbeat (scaleToZero profile).</summary>
    Table,
}
