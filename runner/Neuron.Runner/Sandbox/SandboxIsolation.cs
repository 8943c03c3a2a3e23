namespace Neuron.Runner.Sandbox;

/// <summary>How the agent gets its sandboxes (<c>Runner:Isolation</c>).</summary>
public enum SandboxIsolation
{
    /// <summary>The agent creates locked-down containers through the Docker Engine API.</summary>
    Docker,

    /// <summary>The agent uses launchers already running beside it (one socket each), e.g. in an ACI group.</summary>
    Static,
}
