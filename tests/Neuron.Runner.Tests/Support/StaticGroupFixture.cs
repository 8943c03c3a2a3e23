using System.Globalization;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Support;

/// <summary>
/// A simulated Azure Container Instances burst group on the real Docker engine: sandbox containers started beside the
/// agent by someone else, with production's lockdown (<see cref="ContainerFactory.Spec"/>) except that, as in ACI, they
/// are on a network (Docker's bridge stands for the VNet); their launchers bind sockets in one shared host folder (the
/// group's emptyDir) at the path given by NEURON_LAUNCHER_SOCKET. The agent runs in-process in static mode with an
/// unreachable Docker endpoint, so it can neither create nor remove anything.
/// </summary>
public class StaticGroupFixture : RunnerFixture
{
    private readonly List<GroupMember> _members = [];

    /// <summary>The group's own label, distinct from the agent's.</summary>
    public string GroupId { get; } = "g" + Guid.NewGuid().ToString("N")[..10];
    public string SocketRoot { get; } = "/tmp/naci-" + Guid.NewGuid().ToString("N")[..8];
    public IReadOnlyList<GroupMember> Members => _members;

    /// <summary>The address the group's containers reach the host (and the agent) at: the bridge's gateway.</summary>
    public string AgentAddress { get; private set; } = "";

    /// <summary>One sandbox container per entry; a language listed twice gets two launchers.</summary>
    protected virtual IReadOnlyList<string> GroupLanguages => ["python", "python", "c"];

    /// <summary>Environment of every sandbox container beyond its socket path.</summary>
    protected virtual IReadOnlyList<string> LauncherEnvironment => [];

    /// <summary>The launcher's own default sandbox uid: an ACI group's containers get no NEURON_SANDBOX_UID.</summary>
    public const int StaticSandboxUid = 10001;

    /// <summary>The memory every member got: the smallest default of the group's languages.</summary>
    public int MemoryMb { get; private set; }

    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Runner:Isolation"] = "static",
                ["Runner:StaticMemoryMb"] = MemoryMb.ToString(CultureInfo.InvariantCulture),
                ["Runner:DockerEndpoint"] = "unix:///nonexistent/docker.sock",
                ["Runner:MaxConcurrency"] = "4",
                ["Runner:QueueTimeout"] = "00:01:00",
            };
            foreach (var group in _members.GroupBy(m => m.Language))
                settings[$"Runner:StaticLaunchers:{group.Key}"] = string.Join(",", group.Select(m => m.SocketPath));
            return settings;
        }
    }

    /// <summary>
    /// The default bridge's own address. Docker 20.10 reports it as the gateway only once the daemon has restarted:
    /// on a machine's first dockerd start the bridge's IPAM config has the subnet alone, and docker0 then holds the
    /// subnet's first host address.
    /// </summary>
    private static string GatewayOf(Docker.DotNet.Models.IPAMConfig config)
    {
        if (!string.IsNullOrEmpty(config.Gateway))
            return config.Gateway;
        var bytes = System.Net.IPAddress.Parse(config.Subnet.Split('/')[0]).GetAddressBytes();
        bytes[^1]++;
        return new System.Net.IPAddress(bytes).ToString();
    }

    public override async Task InitializeAsync()
    {
        await DockerEngine.RequireImagesAsync(Docker);
        var languages = GroupLanguages.Select(ShippedLanguages.Get).ToList();
        MemoryMb = languages.Min(l => l.DefaultLimits.MemoryMb);
        Directory.CreateDirectory(SocketRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var bridge = await Docker.Networks.InspectNetworkAsync("bridge");
        AgentAddress = GatewayOf(bridge.IPAM.Config.First(c => c.Subnet?.Contains('.') == true));
        var factory = new ContainerFactory(Docker, Options.Create(new RunnerOptions { InstanceId = GroupId }), NullLogger<ContainerFactory>.Instance);
        foreach (var (language, index) in languages.Select((l, i) => (l, i)))
        {
            var socket = $"/run/neuron/{language.Id}-{index}/launcher.sock";
            var spec = factory.Spec(language, $"neuron-{GroupId}-{language.Id}-{index}", SocketRoot, MemoryMb * 1024L * 1024L, StaticSandboxUid);
            spec.NetworkDisabled = false;
            spec.HostConfig.NetworkMode = "bridge";
            spec.Env = [$"NEURON_LAUNCHER_SOCKET={socket}", .. LauncherEnvironment];
            var created = await Docker.Containers.CreateContainerAsync(spec);
            _members.Add(new GroupMember(language.Id, SocketRoot + socket["/run/neuron".Length..], created.ID));
            await Docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        }
        foreach (var member in _members)
            await LauncherClient.WaitUntilReadyAsync(member.SocketPath, TimeSpan.FromSeconds(30), CancellationToken.None);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        // The group goes first, while the Docker client is still open; the agent then only loses its launchers.
        foreach (var member in _members)
            await Docker.Containers.RemoveContainerAsync(member.ContainerId, new ContainerRemoveParameters { Force = true });
        Directory.Delete(SocketRoot, recursive: true);
        await base.DisposeAsync();
    }
}

/// <summary>One launcher of the group: its language, its socket as the agent sees it, its container.</summary>
public sealed record GroupMember(string Language, string SocketPath, string ContainerId);

/// <summary>A group of one python sandbox whose launcher exits once dirty (as in ACI), for the test that makes it dirty.</summary>
public sealed class SinglePythonGroupFixture : StaticGroupFixture
{
    protected override IReadOnlyList<string> GroupLanguages => ["python"];

    protected override IReadOnlyList<string> LauncherEnvironment => ["NEURON_LAUNCHER_EXIT_WHEN_DIRTY=1"];
}
