namespace Neuron.Runner.Sandbox;

/// <summary>Labels on every sandbox container (who owns it and what it serves) and on the sandbox images.</summary>
public static class SandboxLabels
{
    public const string Managed = "neuron.sandbox";
    public const string Instance = "neuron.runner.instance";
    public const string Language = "neuron.language";
    /// <summary>The container's own sandbox uid (see <see cref="SandboxUids"/>), on containers of every agent.</summary>
    public const string Uid = "neuron.sandbox.uid";
    /// <summary>On a sandbox image (infra/build-images): its language's version, as the launcher reports it.</summary>
    public const string ImageVersion = "neuron.version";
}
