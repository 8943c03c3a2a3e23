namespace Neuron.Runner.Sandbox;

/// <summary>Labels on every sandbox container: who owns it and what it serves.</summary>
public static class SandboxLabels
{
    public const string Managed = "neuron.sandbox";
    public const string Instance = "neuron.runner.instance";
    public const string Language = "neuron.language";
}
