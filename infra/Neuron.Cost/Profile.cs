namespace Neuron.Cost;

/// <summary>What is deployed (bicep/main.bicep's networkProfile, and where the burst images live).</summary>
public enum Profile
{
    /// <summary>networkProfile=internalLoadBalancer: one VM always on, internal load balancer, NAT gateway; burst off.</summary>
    InternalLoadBalancer,

    /// <summary>networkProfile=scaleToZero with the Basic registry the template creates for the burst images.</summary>
    ScaleToZero,

    /// <summary>networkProfile=scaleToZero with burstImage and burstSandboxRepository in a registry you already have.</summary>
    ScaleToZeroExternalImages,
}
