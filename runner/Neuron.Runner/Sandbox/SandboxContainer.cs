using Neuron.Runner.Languages;

namespace Neuron.Runner.Sandbox;

/// <summary>One warm container. Owned by exactly one pool, which removes it; used by one run at a time.</summary>
public sealed class SandboxContainer(string id, string name, Language language, string socketPath, string imageId, string version, long memoryBytes)
{
    /// <summary>The uid user code runs as in this container alone; null for a static launcher (its image's default).</summary>
    public int? Uid { get; init; }
    /// <summary>The container's cgroup on the host, whose counters are reset before every run; null when unknown.</summary>
    public SandboxCgroup? Cgroup { get; init; }
    /// <summary>Under runsc, the kernel's OOM notifications for that cgroup, which outlive it; null under runc or when unregistered.</summary>
    public OomEvents? OomEvents { get; init; }
    /// <summary>The runtime it runs under (runc, runsc, static), as every result of it reports.</summary>
    public string Runtime { get; init; } = SandboxRuntimes.Static;

    public string Id { get; } = id;
    public string Name { get; } = name;
    public Language Language { get; } = language;
    public string SocketPath { get; } = socketPath;
    public string ImageId { get; } = imageId;
    public string Version { get; } = version;
    /// <summary>The container's current cgroup memory limit; a run asking for another is applied first.</summary>
    public long MemoryBytes { get; set; } = memoryBytes;
    public int Runs { get; set; }
    /// <summary>When the pool last made it idle; an on-demand pool removes it after its idle timeout.</summary>
    public DateTimeOffset IdleSince { get; set; }
}
