namespace Neuron.Runner.Sandbox;

/// <summary>
/// The OCI runtime Docker starts a sandbox container with (<c>Runner:Runtime</c>, <c>Runner:Runtimes:&lt;language&gt;</c>);
/// its name is the one registered with dockerd (infra/register-runsc).
/// </summary>
public enum SandboxRuntime
{
    /// <summary>Docker's default: namespaces and cgroups on the host kernel.</summary>
    Runc,

    /// <summary>
    /// gVisor: the program's syscalls are served by gVisor's user-space kernel (the Sentry), which itself uses a small,
    /// seccomp-filtered set of host syscalls. A second wall around the same container spec; slower to start and to
    /// make syscalls (runner/README.md, "gVisor").
    /// </summary>
    Runsc,
}

public static class SandboxRuntimes
{
    /// <summary>What a static launcher's runtime is reported as: someone else started its container.</summary>
    public const string Static = "static";

    /// <summary>gVisor's name, as <see cref="Name"/> gives it for <see cref="SandboxRuntime.Runsc"/>.</summary>
    public const string Gvisor = "runsc";

    /// <summary>The runtime's name as dockerd knows it, and as /v1/languages and every result report it.</summary>
    public static string Name(this SandboxRuntime runtime) => runtime switch
    {
        SandboxRuntime.Runsc => Gvisor,
        _ => "runc",
    };
}
