using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Sandbox;

/// <summary>Creates, starts and removes locked-down sandbox containers through the Docker Engine API.</summary>
public sealed class ContainerFactory(IDockerClient docker, IOptions<RunnerOptions> options, ILogger<ContainerFactory> logger) : ISandboxSource
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan LauncherStartTimeout = TimeSpan.FromSeconds(20);
    private readonly RunnerOptions _options = options.Value;
    private readonly SandboxUids _uids = new(docker, options);

    /// <summary>
    /// Host information a run does not need, on top of Docker's own list (which setting MaskedPaths replaces, so it is
    /// repeated here): boot arguments, host-wide memory, load, uptime and CPU/IRQ/disk activity (a side channel on other
    /// tenants' runs), other users' key counts; and the cgroup counters the kernel cannot reset between runs (cumulative
    /// CPU, page-fault and throttling figures). The launcher reads only memory.oom_control, memory.limit_in_bytes and
    /// memory.max_usage_in_bytes, which stay; the resettable ones are reset before every run (<see cref="SandboxCgroup"/>).
    /// Paths a kernel lacks are skipped by the runtime.
    /// </summary>
    public static readonly IReadOnlyList<string> MaskedPaths =
    [
        "/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
        "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
        "/proc/cmdline", "/proc/meminfo", "/proc/loadavg", "/proc/uptime", "/proc/stat", "/proc/vmstat", "/proc/zoneinfo",
        "/proc/buddyinfo", "/proc/pagetypeinfo", "/proc/slabinfo", "/proc/vmallocinfo", "/proc/diskstats", "/proc/partitions",
        "/proc/swaps", "/proc/interrupts", "/proc/softirqs", "/proc/pressure", "/proc/key-users", "/proc/locks",
        "/proc/iomem", "/proc/ioports", "/proc/kallsyms", "/proc/modules",
        "/sys/fs/cgroup/memory/memory.stat", "/sys/fs/cgroup/memory/memory.numa_stat", "/sys/fs/cgroup/memory/memory.kmem.slabinfo",
        "/sys/fs/cgroup/cpuacct/cpuacct.stat", "/sys/fs/cgroup/cpu,cpuacct/cpuacct.stat",
        "/sys/fs/cgroup/cpu/cpu.stat", "/sys/fs/cgroup/cpu,cpuacct/cpu.stat", "/sys/fs/cgroup/pids/pids.events",
        "/sys/fs/cgroup/blkio",
    ];

    public async Task<SandboxContainer> CreateAsync(Language language, CancellationToken cancellationToken)
    {
        var name = $"neuron-{_options.InstanceId}-{language.Id}-{Guid.NewGuid().ToString("N")[..12]}";
        var socketDir = SocketDirOf(name);
        Directory.CreateDirectory(socketDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var memory = language.DefaultLimits.MemoryMb * MiB;
        var started = Stopwatch.GetTimestamp();
        string? id = null;
        var uid = await _uids.ReserveAsync(cancellationToken);
        try
        {
            var created = await docker.Containers.CreateContainerAsync(Spec(language, name, socketDir, memory, uid), cancellationToken);
            id = created.ID;
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            var inspect = await docker.Containers.InspectContainerAsync(id, cancellationToken);
            var cgroup = SandboxCgroup.Of(inspect.State.Pid);
            if (cgroup is null)
                logger.LogWarning("Sandbox {Container}: its cgroup is not found; runs will see their predecessors' cgroup peaks", name);
            var socket = Path.Combine(socketDir, "launcher.sock");
            var version = await LauncherClient.WaitUntilReadyAsync(socket, LauncherStartTimeout, cancellationToken);
            logger.LogInformation("Sandbox {Container} for {Language} ready in {ElapsedMs:0} ms",
                name, language.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var runtime = _options.RuntimeFor(language.Id).Name();
            return new SandboxContainer(id, name, language, socket, inspect.Image, version, memory)
            {
                Uid = uid, Cgroup = cgroup, Runtime = runtime, OomEvents = runtime == SandboxRuntimes.Gvisor ? RegisterOomEvents(name, cgroup) : null,
            };
        }
        catch
        {
            await RemoveAsync(id ?? name, name, CancellationToken.None);
            _uids.Release(uid);
            throw;
        }
    }

    /// <summary>A gVisor sandbox's OOM notifications (see <see cref="OomEvents"/>); null, with a warning, when they cannot be had.</summary>
    private OomEvents? RegisterOomEvents(string name, SandboxCgroup? cgroup)
    {
        try
        {
            return cgroup?.MemoryDir is { } dir ? OomEvents.Register(dir) : null;
        }
        catch (IOException e)
        {
            logger.LogWarning("Sandbox {Container}: no OOM notifications ({Error}); a memory kill may be reported as internal_error", name, e.Message);
            return null;
        }
    }

    public bool CanReplace => true;

    public async Task<string?> ImageVersionAsync(Language language, CancellationToken cancellationToken)
    {
        var image = await docker.Images.InspectImageAsync(language.Image, cancellationToken);
        return image.Config?.Labels?.TryGetValue(SandboxLabels.ImageVersion, out var version) == true ? version : null;
    }

    public IReadOnlyCollection<string> Faults => [];

    public async Task<bool> WasKilledForMemoryAsync(SandboxContainer container, CancellationToken cancellationToken)
    {
        // The kernel's own notification, which outlives the cgroup; the rest is for a sandbox registered without it.
        if (container.OomEvents is { } events)
            return await events.KilledAsync(TimeSpan.FromSeconds(2), cancellationToken);
        // Else the host cgroup's own count, read while the cgroup still exists: Docker's OOMKilled was found false
        // for a sandbox the host OOM killer had ended (runsc's shim does not always pass the event on).
        if (container.Cgroup?.OomKills() > 0)
            return true;
        // The launcher's connection drops as the Sentry dies; Docker records the exit a moment later (bounded wait).
        for (var attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                var state = (await docker.Containers.InspectContainerAsync(container.Id, cancellationToken)).State;
                if (!state.Running)
                    return state.OOMKilled;
            }
            catch (DockerContainerNotFoundException)
            {
                return false;
            }
            await Task.Delay(100, cancellationToken);
        }
        return false;
    }

    public async Task DiscardAsync(SandboxContainer container, string reason, CancellationToken cancellationToken)
    {
        await RemoveAsync(container.Id, container.Name, cancellationToken);
        container.OomEvents?.Dispose();
        if (container.Uid is { } uid)
            _uids.Release(uid);
    }

    public void ResetCounters(SandboxContainer container)
    {
        container.OomEvents?.Clear();
        if (container.Cgroup?.ResetCounters() is [_, ..] failed)
            logger.LogWarning("Sandbox {Container}: could not reset {Counters}", container.Name, string.Join(", ", failed));
    }

    public async Task SetMemoryAsync(SandboxContainer container, long bytes, CancellationToken cancellationToken)
    {
        if (container.Runtime == SandboxRuntimes.Gvisor) // runsc cannot `update`; the host cgroup holds the whole sandbox
        {
            try
            {
                (container.Cgroup ?? throw new IOException($"{container.Name}: its cgroup is unknown")).SetMemoryLimit(bytes);
            }
            catch (IOException e) when (bytes < container.MemoryBytes)
            {
                // EBUSY: the Sentry holds more than the new limit (it keeps what an earlier run used) and cannot give it back.
                throw new SandboxUnfitException($"{container.Name} cannot be lowered to {bytes >> 20} MiB: {e.Message}", e);
            }
        }
        else
            await docker.Containers.UpdateContainerAsync(container.Id,
                new ContainerUpdateParameters { Memory = bytes, MemorySwap = bytes }, cancellationToken);
        container.MemoryBytes = bytes;
    }

    public async Task RemoveAsync(string idOrName, string name, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(idOrName, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or TimeoutException or ObjectDisposedException
                                   || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Whatever is left carries our instance label: the final sweep on shutdown, or the next start, removes it.
            logger.LogWarning(e, "Could not remove sandbox {Container}", name);
        }
        try
        {
            Directory.Delete(SocketDirOf(name), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// The host folder of a container's launcher socket: named by the random end of the container's name only, since
    /// /proc/self/mountinfo shows a run its host path, and the rest of the name is the runner instance (the VM's name).
    /// </summary>
    private string SocketDirOf(string containerName) => Path.Combine(_options.SocketRoot, "s-" + containerName[(containerName.LastIndexOf('-') + 1)..]);

    /// <summary>Removes every container labelled with this instance: what a crashed predecessor (or we) left behind.</summary>
    public async Task<int> RemoveAllOwnedAsync(CancellationToken cancellationToken)
    {
        var owned = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"{SandboxLabels.Instance}={_options.InstanceId}"] = true },
            },
        }, cancellationToken);
        await Task.WhenAll(owned.Select(c => RemoveAsync(c.ID, c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID, cancellationToken)));
        return owned.Count;
    }

    /// <summary>
    /// Host tasks gVisor needs besides the program's: the Sentry's and the Gofer's own threads (~70 at idle here), on
    /// top of one host thread per task of the program (ptrace platform).
    /// </summary>
    private const int GvisorHostTasks = 256;

    /// <summary>
    /// The container's pids limit. Under runsc the host cgroup counts gVisor's own threads as well, so the program's
    /// limit is raised by <see cref="GvisorHostTasks"/>; a fork bomb still meets it, and it ends the whole sandbox.
    /// </summary>
    private long HostPidsLimit(Language language) =>
        _options.RuntimeFor(language.Id) == SandboxRuntime.Runsc ? language.PidsLimit + GvisorHostTasks : language.PidsLimit;

    /// <summary>
    /// /work's mode. gVisor applies the tmpfs option as given, and the launcher (root without CAP_DAC_READ_SEARCH)
    /// must list /work to prove it empty after the janitor's wipe, so under runsc it is 0755: what runc's /work ends up
    /// with anyway (Docker's runc path does not apply the mode). Other users' files are wiped as well; only the sandbox
    /// uid runs code in the container.
    /// </summary>
    private string WorkDirMode(Language language) => _options.RuntimeFor(language.Id) == SandboxRuntime.Runsc ? "0755" : "0700";

    /// <summary>
    /// The locked-down container every sandbox of <paramref name="language"/> gets; its launcher socket appears in
    /// <paramref name="socketDir"/>, and user code runs as <paramref name="sandboxUid"/>. Writes the shared /etc files it
    /// binds (<see cref="SandboxHostFiles"/>) if they are missing.
    /// </summary>
    public CreateContainerParameters Spec(Language language, string name, string socketDir, long memory, int sandboxUid) => new()
    {
        Name = name,
        Image = language.Image,
        Hostname = SandboxHostFiles.Hostname,
        Env = [$"NEURON_SANDBOX_UID={sandboxUid}"],
        // The image's entrypoint is the launcher; its arguments, if any, are the command it pre-starts (warm start).
        // Not under runsc: the interpreter's hand-over (fd 3, prlimit from a helper) fails in gVisor's ptrace platform
        // (runner/README.md § gVisor); without a warm process every job starts cold, as the launcher does anyway when none is ready.
        Cmd = language.WarmCommand is { } warm && _options.RuntimeFor(language.Id) == SandboxRuntime.Runc ? [.. warm] : null,
        Labels = new Dictionary<string, string>
        {
            [SandboxLabels.Managed] = "true",
            [SandboxLabels.Instance] = _options.InstanceId,
            [SandboxLabels.Language] = language.Id,
            [SandboxLabels.Uid] = sandboxUid.ToString(CultureInfo.InvariantCulture),
        },
        NetworkDisabled = true,
        HostConfig = new HostConfig
        {
            Runtime = _options.RuntimeFor(language.Id).Name(),
            NetworkMode = "none",
            ReadonlyRootfs = true,
            // The launcher needs only to switch to the sandbox uid; everything else is dropped.
            CapDrop = ["ALL"],
            CapAdd = ["SETUID", "SETGID"],
            SecurityOpt = ["no-new-privileges"],
            // Its own cgroup namespace: /proc/self/cgroup and the cgroup mounts show "/", not the host path and container id.
            CgroupnsMode = "private",
            MaskedPaths = [.. MaskedPaths],
            PidsLimit = HostPidsLimit(language),
            Memory = memory,
            MemorySwap = memory,
            NanoCPUs = (long)(_options.CpusPerContainer * 1e9),
            ShmSize = _options.ShmMb * MiB,
            Tmpfs = new Dictionary<string, string>
            {
                ["/work"] = $"rw,exec,nosuid,nodev,size={_options.WorkDirMb}m,uid={sandboxUid},gid={sandboxUid},mode={WorkDirMode(language)}",
                ["/tmp"] = $"rw,exec,nosuid,nodev,size={_options.TmpDirMb}m,mode=1777",
            },
            Binds = [$"{socketDir}:/run/neuron:rw", .. SandboxHostFiles.Binds(_options.SocketRoot)],
            Ulimits =
            [
                new Ulimit { Name = "nofile", Soft = _options.MaxOpenFiles, Hard = _options.MaxOpenFiles },
                new Ulimit { Name = "fsize", Soft = _options.MaxFileSizeMb * MiB, Hard = _options.MaxFileSizeMb * MiB },
                new Ulimit { Name = "core", Soft = 0, Hard = 0 },
            ],
            LogConfig = new LogConfig { Type = "none" },
            RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
        },
    };
}
