using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Support;

/// <summary>
/// A simulated Azure Container Instances burst group on the real Docker engine: sandbox containers started beside the
/// agent by someone else (the production <see cref="ContainerFactory"/>, so with production's lockdown), their launcher
/// sockets in one shared host folder, and the agent in-process in static mode with an unreachable Docker endpoint.
/// </summary>
public class StaticGroupFixture : RunnerFixture
{
    private readonly List<SandboxContainer> _members = [];
    private ContainerFactory? _group;

    /// <summary>The group's own label, distinct from the agent's: the agent must neither create nor remove anything.</summary>
    public string GroupId { get; } = "g" + Guid.NewGuid().ToString("N")[..10];
    public string SocketRoot { get; } = "/tmp/naci-" + Guid.NewGuid().ToString("N")[..8];
    public IReadOnlyList<SandboxContainer> Members => _members;

    /// <summary>One sandbox container per language listed.</summary>
    protected virtual IReadOnlyList<string> GroupLanguages => ["python", "c"];

    /// <summary>The memory every member got: the smallest default of the group's languages.</summary>
    public int MemoryMb => (int)(_members.Min(m => m.MemoryBytes) / (1024 * 1024));

    protected override IReadOnlyDictionary<string, string> Settings
    {
        get
        {
            var settings = new Dictionary<string, string>
            {
                ["Runner:Isolation"] = "static",
                ["Runner:StaticMemoryMb"] = MemoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Runner:DockerEndpoint"] = "unix:///nonexistent/docker.sock",
                ["Runner:MaxConcurrency"] = "4",
                ["Runner:QueueTimeout"] = "00:01:00",
            };
            foreach (var group in _members.GroupBy(m => m.Language.Id))
                settings[$"Runner:StaticLaunchers:{group.Key}"] = string.Join(",", group.Select(m => m.SocketPath));
            return settings;
        }
    }

    public override async Task InitializeAsync()
    {
        await DockerEngine.RequireImagesAsync(Docker);
        var catalog = LanguageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Languages", "languages.json"));
        Directory.CreateDirectory(SocketRoot);
        _group = new ContainerFactory(Docker, Options.Create(new RunnerOptions { InstanceId = GroupId, SocketRoot = SocketRoot }),
            NullLogger<ContainerFactory>.Instance);
        foreach (var id in GroupLanguages)
            _members.Add(await _group.CreateAsync(catalog.All.Single(l => l.Id == id), CancellationToken.None));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        // The group goes first, while the Docker client is still open; the agent then only loses its launchers.
        if (_group is not null)
            await _group.RemoveAllOwnedAsync(CancellationToken.None);
        Directory.Delete(SocketRoot, recursive: true);
        await base.DisposeAsync();
    }
}

/// <summary>A group of one python sandbox, for the test that makes it dirty.</summary>
public sealed class SinglePythonGroupFixture : StaticGroupFixture
{
    protected override IReadOnlyList<string> GroupLanguages => ["python"];
}
