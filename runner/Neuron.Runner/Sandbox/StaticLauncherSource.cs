using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Sandbox;

/// <summary>
/// Sandboxes that exist before the agent: one launcher socket per sandbox container, configured per language
/// (<c>Runner:StaticLaunchers:python=/run/neuron/python/launcher.sock</c>). Nothing is created or removed; a
/// launcher is handed out only after it answers a ping clean. One that reports leftovers is never used again and
/// the agent turns unhealthy, so whoever started the group (the ACI liveness probe, the burst controller) replaces it.
/// Memory cannot be changed per run: the container's own limit (<see cref="RunnerOptions.StaticMemoryMb"/>) is the ceiling.
/// </summary>
public sealed class StaticLauncherSource : ISandboxSource
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);
    private readonly Dictionary<string, Slot[]> _slots;
    private readonly long _memoryBytes;
    private readonly string _instance;
    private readonly ILogger<StaticLauncherSource> _logger;

    public StaticLauncherSource(IOptions<RunnerOptions> options, ILogger<StaticLauncherSource> logger)
    {
        var o = options.Value;
        _slots = o.StaticLaunchers.ToDictionary(
            p => p.Key,
            p => RunnerOptions.SocketPaths(p.Value).Select((path, i) => new Slot(path, i)).ToArray());
        _memoryBytes = o.StaticMemoryMb * 1024L * 1024L;
        _instance = o.InstanceId;
        _logger = logger;
    }

    public bool CanReplace => false;

    /// <summary>A static launcher's container is not ours to inspect; its OOM kills end runs as the launcher reports them.</summary>
    public Task<bool> WasKilledForMemoryAsync(SandboxContainer container, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>The images are the group's, not the agent's to inspect; the launchers tell their version when they answer.</summary>
    public Task<string?> ImageVersionAsync(Language language, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public IReadOnlyCollection<string> Faults
    {
        get
        {
            lock (_slots)
                return [.. _slots.Values.SelectMany(s => s).Where(s => s.Retired is not null).Select(s => $"{s.Path}: {s.Retired}")];
        }
    }

    public async Task<SandboxContainer> CreateAsync(Language language, CancellationToken cancellationToken)
    {
        Slot slot;
        lock (_slots)
        {
            slot = (_slots.GetValueOrDefault(language.Id) ?? []).FirstOrDefault(s => !s.InUse && s.Retired is null)
                ?? throw new InvalidOperationException($"no usable launcher left for {language.Id}");
            slot.InUse = true;
        }
        try
        {
            var version = await LauncherClient.WaitUntilReadyAsync(slot.Path, ReadyTimeout, cancellationToken);
            // The compile cache keys on the image: the launcher's version string stands for it here.
            return new SandboxContainer(slot.Path, $"{_instance}-{language.Id}-{slot.Index}", language, slot.Path, "static:" + version, version, _memoryBytes);
        }
        catch
        {
            lock (_slots)
                slot.InUse = false;
            throw;
        }
    }

    /// <summary>Smaller limits are not applied to the container; the executor judges them by the run's peak memory.</summary>
    public Task SetMemoryAsync(SandboxContainer container, long bytes, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The launchers' cgroups belong to someone else (ACI): their counters cannot be reset from here.</summary>
    public void ResetCounters(SandboxContainer container)
    {
    }

    public Task DiscardAsync(SandboxContainer container, string reason, CancellationToken cancellationToken)
    {
        lock (_slots)
        {
            var slot = _slots[container.Language.Id].First(s => s.Path == container.SocketPath);
            slot.InUse = false;
            // Only the launcher's own report of leftovers is final; anything else (a time limit, a hung or cancelled
            // job) is settled by the launcher's janitor, and the next ping proves it.
            if (LauncherReport.IsLeftover(reason))
                slot.Retired = reason;
        }
        if (LauncherReport.IsLeftover(reason))
            _logger.LogError("Launcher {Socket} of {Language} reported {Reason}: no longer used; this agent is now unhealthy",
                container.SocketPath, container.Language.Id, reason);
        return Task.CompletedTask;
    }

    public Task<int> RemoveAllOwnedAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    private sealed class Slot(string path, int index)
    {
        public string Path { get; } = path;
        public int Index { get; } = index;
        public bool InUse { get; set; }
        public string? Retired { get; set; }
    }
}
