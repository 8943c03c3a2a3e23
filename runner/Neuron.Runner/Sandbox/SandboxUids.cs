using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace Neuron.Runner.Sandbox;

/// <summary>
/// Hands every sandbox container its own uid (and gid) from <see cref="RunnerOptions.SandboxUidFirst"/>..+<see cref="RunnerOptions.SandboxUidCount"/>.
/// The kernel accounts some limits per uid across the whole host (RLIMIT_NPROC, POSIX message queue bytes, inotify
/// instances, pipe buffers, pending signals): with one shared uid, one container could use them up for every other.
/// A uid is taken when no container on the engine carries it (<see cref="SandboxLabels.Uid"/>, whatever agent made it)
/// and this agent has not reserved it; it is free again once its container is removed.
/// </summary>
public sealed class SandboxUids(IDockerClient docker, IOptions<RunnerOptions> options)
{
    private readonly RunnerOptions _options = options.Value;
    private readonly HashSet<int> _reserved = [];
    private readonly Lock _lock = new();

    /// <summary>Reserves the lowest uid of the range that no container uses; throws when the range is exhausted.</summary>
    public async Task<int> ReserveAsync(CancellationToken cancellationToken)
    {
        var labelled = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [SandboxLabels.Uid] = true } },
        }, cancellationToken);
        var inUse = labelled
            .Select(c => c.Labels.TryGetValue(SandboxLabels.Uid, out var v) && int.TryParse(v, out var uid) ? uid : -1)
            .ToHashSet();
        lock (_lock)
        {
            for (var uid = _options.SandboxUidFirst; uid < _options.SandboxUidFirst + _options.SandboxUidCount; uid++)
            {
                if (!inUse.Contains(uid) && _reserved.Add(uid))
                    return uid;
            }
        }
        throw new InvalidOperationException($"all {_options.SandboxUidCount} sandbox uids from {_options.SandboxUidFirst} are in use");
    }

    public void Release(int uid)
    {
        lock (_lock)
            _reserved.Remove(uid);
    }
}
