using Neuron.Runner.Languages;

namespace Neuron.Runner.Sandbox;

/// <summary>
/// Where a pool's sandboxes come from: containers the agent creates through Docker (<see cref="ContainerFactory"/>),
/// or launchers started beside the agent by someone else, e.g. an Azure Container Instances group
/// (<see cref="StaticLauncherSource"/>). The pool, admission and executor are the same for both.
/// </summary>
public interface ISandboxSource
{
    /// <summary>Whether a discarded sandbox is replaced by a fresh one; a static launcher cannot be.</summary>
    bool CanReplace { get; }

    /// <summary>Sandboxes this source could not use any more; any makes the agent unhealthy.</summary>
    IReadOnlyCollection<string> Faults { get; }

    /// <summary>A sandbox of <paramref name="language"/> whose launcher answered a ping clean.</summary>
    Task<SandboxContainer> CreateAsync(Language language, CancellationToken cancellationToken);

    /// <summary>The version recorded in <paramref name="language"/>'s image, read without starting a sandbox; null when unknown.</summary>
    Task<string?> ImageVersionAsync(Language language, CancellationToken cancellationToken);

    /// <summary>Applies a run's memory limit to the sandbox before the run.</summary>
    Task SetMemoryAsync(SandboxContainer container, long bytes, CancellationToken cancellationToken);

    /// <summary>Resets the container's resource counters (cgroup peaks, CPU usage) so a run cannot read its predecessor's.</summary>
    void ResetCounters(SandboxContainer container);

    /// <summary>
    /// Whether the sandbox died because the host killed it for memory. Under gVisor the Sentry holds all of a
    /// sandbox's memory, so the host's OOM killer ends the whole sandbox, not the program: the launcher's connection
    /// drops, and only the container's state (Docker's OOM event of its host cgroup) says why.
    /// </summary>
    Task<bool> WasKilledForMemoryAsync(SandboxContainer container, CancellationToken cancellationToken);

    /// <summary>Gives up a sandbox the pool will not use again for <paramref name="reason"/>.</summary>
    Task DiscardAsync(SandboxContainer container, string reason, CancellationToken cancellationToken);

    /// <summary>Removes whatever a predecessor (or this instance) left; returns how many.</summary>
    Task<int> RemoveAllOwnedAsync(CancellationToken cancellationToken);
}
