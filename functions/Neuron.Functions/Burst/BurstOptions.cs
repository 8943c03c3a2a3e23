namespace Neuron.Functions.Burst;

/// <summary>
/// Configuration of the ACI burst controller (section "Burst"; app settings Burst__*).
/// Validated by <see cref="BurstOptionsValidator"/> at first use.
/// </summary>
public sealed class BurstOptions
{
    public const string SectionName = "Burst";

    /// <summary>When false the controller does nothing (no ARM or queue calls).</summary>
    public bool Enabled { get; set; }

    public string SubscriptionId { get; set; } = "";
    public string ResourceGroupName { get; set; } = "";
    public string Location { get; set; } = "";

    /// <summary>Resource id of the subnet delegated to Microsoft.ContainerInstance/containerGroups.</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>Registry image of the runner agent (neuron-runner/agent), run in static isolation: ACI cannot nest Docker.</summary>
    public string Image { get; set; } = "";

    /// <summary>
    /// Sandbox image per language the group serves (Burst__SandboxImages__python=acr.azurecr.io/neuron-sandbox/python:3);
    /// each becomes one container of the group with the launcher as its entrypoint.
    /// </summary>
    public Dictionary<string, string> SandboxImages { get; set; } = [];

    /// <summary>The agent container's share of <see cref="CpuCores"/>; the sandboxes split the rest evenly.</summary>
    public double AgentCpuCores { get; set; } = 0.5;

    /// <summary>The agent container's share of <see cref="MemoryInGb"/>; the sandboxes split the rest evenly.</summary>
    public double AgentMemoryInGb { get; set; } = 0.5;

    /// <summary>Private registry login server; pulled with <see cref="RegistryIdentityResourceId"/>.</summary>
    public string? RegistryServer { get; set; }

    /// <summary>User-assigned identity (resource id) that may pull from <see cref="RegistryServer"/>.</summary>
    public string? RegistryIdentityResourceId { get; set; }

    /// <summary>HMAC secret for the agent; defaults to the app's Runner:Secret.</summary>
    public string RunnerSecret { get; set; } = "";

    public int RunnerPort { get; set; } = 5080;

    /// <summary>CPU of the whole group (agent + sandboxes).</summary>
    public double CpuCores { get; set; } = 2;

    /// <summary>Memory of the whole group (agent + sandboxes).</summary>
    public double MemoryInGb { get; set; } = 4;

    /// <summary>CPU of each sandbox container: what the agent leaves, split evenly, in hundredths.</summary>
    public double SandboxCpuCores => SandboxImages.Count == 0 ? 0 : Math.Floor((CpuCores - AgentCpuCores) / SandboxImages.Count * 100) / 100;

    /// <summary>Memory of each sandbox container: what the agent leaves, split evenly, in tenths of a GB (ACI's step).</summary>
    public double SandboxMemoryInGb => SandboxImages.Count == 0 ? 0 : Math.Floor((MemoryInGb - AgentMemoryInGb) / SandboxImages.Count * 10) / 10;

    /// <summary>Never more container groups than this (0 drains them all).</summary>
    public int MaxGroups { get; set; } = 3;

    /// <summary>Concurrent runs one container group serves.</summary>
    public int RunsPerGroup { get; set; } = 2;

    /// <summary>Concurrent runs one VM of the scale set serves.</summary>
    public int RunsPerVm { get; set; } = 4;

    /// <summary>Backlog (queue depth beyond VM capacity) at which bursting starts.</summary>
    public int StartBacklog { get; set; } = 1;

    /// <summary>A group with no demand for this long is deleted.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a group's last-demand tag is refreshed while it is needed.</summary>
    public TimeSpan TouchInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A group still not running after this long is deleted.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public string GroupNamePrefix { get; set; } = "neuron-burst";

    /// <summary>The runner VM scale set whose capacity counts before bursting; empty: none.</summary>
    public string? ScaleSetResourceId { get; set; }

    /// <summary>Queue service endpoint (identity auth); empty: use the AzureWebJobsStorage connection.</summary>
    public Uri? QueueServiceUri { get; set; }

    public string QueueName { get; set; } = "runs";

    /// <summary>Azure Resource Manager endpoint (sovereign clouds; tests point it at a fake).</summary>
    public Uri ArmEndpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Attempts for an ARM call answered 409 Conflict (429 and 5xx are retried by Azure.Core).</summary>
    public int ConflictAttempts { get; set; } = 4;

    public TimeSpan ConflictBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}
