using System.Diagnostics;
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

    public async Task<SandboxContainer> CreateAsync(Language language, CancellationToken cancellationToken)
    {
        var name = $"neuron-{_options.InstanceId}-{language.Id}-{Guid.NewGuid().ToString("N")[..12]}";
        var socketDir = Path.Combine(_options.SocketRoot, name);
        Directory.CreateDirectory(socketDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var memory = language.DefaultLimits.MemoryMb * MiB;
        var started = Stopwatch.GetTimestamp();
        string? id = null;
        try
        {
            var created = await docker.Containers.CreateContainerAsync(Spec(language, name, socketDir, memory), cancellationToken);
            id = created.ID;
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
            var inspect = await docker.Containers.InspectContainerAsync(id, cancellationToken);
            var socket = Path.Combine(socketDir, "launcher.sock");
            var version = await LauncherClient.WaitUntilReadyAsync(socket, LauncherStartTimeout, cancellationToken);
            logger.LogInformation("Sandbox {Container} for {Language} ready in {ElapsedMs:0} ms",
                name, language.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new SandboxContainer(id, name, language, socket, inspect.Image, version, memory);
        }
        catch
        {
            await RemoveAsync(id ?? name, name, CancellationToken.None);
            throw;
        }
    }

    public bool CanReplace => true;

    public IReadOnlyCollection<string> Faults => [];

    public Task DiscardAsync(SandboxContainer container, string reason, CancellationToken cancellationToken) =>
        RemoveAsync(container.Id, container.Name, cancellationToken);

    public async Task SetMemoryAsync(SandboxContainer container, long bytes, CancellationToken cancellationToken)
    {
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
            Directory.Delete(Path.Combine(_options.SocketRoot, name), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

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

    /// <summary>The locked-down container every sandbox of <paramref name="language"/> gets; its launcher socket appears in <paramref name="socketDir"/>.</summary>
    public CreateContainerParameters Spec(Language language, string name, string socketDir, long memory) => new()
    {
        Name = name,
        Image = language.Image,
        Hostname = "sandbox",
        Env = [],
        // The image's entrypoint is the launcher; its arguments, if any, are the command it pre-starts (warm start).
        Cmd = language.WarmCommand is { } warm ? [.. warm] : null,
        Labels = new Dictionary<string, string>
        {
            [SandboxLabels.Managed] = "true",
            [SandboxLabels.Instance] = _options.InstanceId,
            [SandboxLabels.Language] = language.Id,
        },
        NetworkDisabled = true,
        HostConfig = new HostConfig
        {
            NetworkMode = "none",
            ReadonlyRootfs = true,
            // The launcher needs only to switch to the sandbox uid; everything else is dropped.
            CapDrop = ["ALL"],
            CapAdd = ["SETUID", "SETGID"],
            SecurityOpt = ["no-new-privileges"],
            PidsLimit = language.PidsLimit,
            Memory = memory,
            MemorySwap = memory,
            NanoCPUs = (long)(_options.CpusPerContainer * 1e9),
            ShmSize = _options.ShmMb * MiB,
            Tmpfs = new Dictionary<string, string>
            {
                ["/work"] = $"rw,exec,nosuid,nodev,size={_options.WorkDirMb}m,uid=10001,gid=10001,mode=0700",
                ["/tmp"] = $"rw,exec,nosuid,nodev,size={_options.TmpDirMb}m,mode=1777",
            },
            Binds = [$"{socketDir}:/run/neuron:rw"],
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
