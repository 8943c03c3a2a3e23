using System.ComponentModel.DataAnnotations;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner;

/// <summary>Every setting of the runner agent, bound from the "Runner" section (env: Runner__Xxx).</summary>
public sealed class RunnerOptions : IValidatableObject
{
    public const string Section = "Runner";

    /// <summary>HMAC secret shared with the Functions app; at least 32 characters.</summary>
    [Required, MinLength(32)]
    public string Secret { get; set; } = "";

    /// <summary>Labels this agent's containers; a restarted agent removes what its predecessor left.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9-]{0,40}$")]
    public string InstanceId { get; set; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>docker (default): the agent creates sandbox containers; static: it uses <see cref="StaticLaunchers"/>.</summary>
    public SandboxIsolation Isolation { get; set; } = SandboxIsolation.Docker;

    /// <summary>
    /// Static mode only: launcher sockets per language, comma-separated, one sandbox each
    /// (e.g. Runner__StaticLaunchers__python=/run/neuron/python/launcher.sock). Languages not listed are disabled.
    /// </summary>
    public Dictionary<string, string> StaticLaunchers { get; set; } = [];

    /// <summary>Static mode only: the memory limit each launcher's container was given; larger requests get 422.</summary>
    [Range(0, 65536)]
    public int StaticMemoryMb { get; set; }

    /// <summary>
    /// Docker isolation only: the OCI runtime of every sandbox (runc, the default, or runsc: gVisor), unless
    /// <see cref="Runtimes"/> names another for its language. runsc must be registered with dockerd (infra/register-runsc).
    /// </summary>
    public SandboxRuntime Runtime { get; set; } = SandboxRuntime.Runc;

    /// <summary>Per-language overrides of <see cref="Runtime"/>, e.g. Runner__Runtimes__python=runsc.</summary>
    public Dictionary<string, SandboxRuntime> Runtimes { get; set; } = [];

    public string DockerEndpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Host folder holding one launcher socket folder per container (root-only).</summary>
    public string SocketRoot { get; set; } = "/run/neuron";

    /// <summary>Path of the language catalog; relative paths are resolved beside the binary.</summary>
    public string LanguagesFile { get; set; } = "Languages/languages.json";

    /// <summary>Containers kept per language (idle + busy); the per-language concurrency bound.</summary>
    [Range(0, 64)]
    public int PoolSize { get; set; } = 2;

    /// <summary>Per-language overrides of <see cref="PoolSize"/>, e.g. Runner__Pools__python=4.</summary>
    public Dictionary<string, int> Pools { get; set; } = [];

    /// <summary>
    /// Languages whose pools start first, in this order, each once the previous one has its first sandbox (at most
    /// <see cref="PopularFirstWait"/> each); the others start together after them. On a small machine a cold runner
    /// that starts every pool at once gets its first Python sandbox no sooner than its first Java one.
    /// </summary>
    public List<string> PopularLanguages { get; set; } = ["python", "javascript"];

    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan PopularFirstWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Languages whose pools keep <see cref="PoolSize"/> (or <see cref="Pools"/>) containers ready at all times,
    /// comma-separated (a list would be appended to, not replaced, by configuration); "*" is every language. The
    /// others follow demand: no idle container until a run asks for one (that run pays a cold start), which then
    /// stays for <see cref="OnDemandIdleTimeout"/> of idleness.
    /// </summary>
    public string WarmLanguages { get; set; } = "python,javascript,java,c,cpp";

    /// <summary>How long an on-demand language keeps a container nobody uses (checked every <see cref="HealthCheckInterval"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OnDemandIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs executing at once across all languages.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Requests allowed to wait for a slot; beyond it the answer is 503 at once.</summary>
    [Range(0, 10_000)]
    public int MaxQueueLength { get; set; } = 200;

    /// <summary>How long a request may wait for a slot and a container before 503 + Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a tenant counts as active for a language after its last request: while another tenant is, a tenant may
    /// hold at most all but one of that language's sandboxes (<see cref="Execution.TenantShares"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan FairShareWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A container is replaced after this many runs even when it looks clean.</summary>
    [Range(1, 100_000)]
    public int MaxRunsPerContainer { get; set; } = 200;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra time the agent grants the launcher beyond the job's own limits before it declares it hung.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan WatchdogMargin { get; set; } = TimeSpan.FromSeconds(3);

    [Range(1, 120_000)]
    public int CompileTimeMs { get; set; } = 20_000;

    /// <summary>CPU share of one sandbox, in CPUs.</summary>
    [Range(0.1, 64)]
    public double CpusPerContainer { get; set; } = 1.0;

    [Range(1, 4096)]
    public int WorkDirMb { get; set; } = 64;

    [Range(1, 4096)]
    public int TmpDirMb { get; set; } = 32;

    [Range(1, 1024)]
    public int ShmMb { get; set; } = 16;

    /// <summary>
    /// First uid of the range from which every sandbox container gets its own uid (and gid) for user code, so per-uid
    /// kernel accounting is per container. The sandbox images name 1000000-1001023 "sandbox"; other uids work unnamed.
    /// Keep the range clear of the host's real users.
    /// </summary>
    [Range(10_000, 2_000_000_000)]
    public int SandboxUidFirst { get; set; } = 1_000_000;

    /// <summary>Uids in the range: at least the containers of every agent sharing the Docker engine.</summary>
    [Range(1, 1_000_000)]
    public int SandboxUidCount { get; set; } = 1024;

    [Range(16, 65536)]
    public int MaxOpenFiles { get; set; } = 256;

    /// <summary>Largest file user code may write (RLIMIT_FSIZE).</summary>
    [Range(1, 4096)]
    public int MaxFileSizeMb { get; set; } = 32;

    /// <summary>Compiled artifacts kept in agent memory, where sandboxed code cannot write.</summary>
    [Range(0, 16_384)]
    public int CompileCacheMb { get; set; } = 256;

    [Range(1, 1024)]
    public int MaxSourceKb { get; set; } = 256;

    [Range(0, 16)]
    public int MaxStdinMb { get; set; } = 1;

    /// <summary>
    /// How long the result of a run (by run id) is kept to answer a retried request without executing it again.
    /// Must outlast the dispatcher's retries: its lease, the sweeper's period and the queue's retry delays.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RecentRunsWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Memory for those results (their output, mostly); past it the oldest are forgotten first.</summary>
    [Range(0, 4096)]
    public int RecentRunsMb { get; set; } = 64;

    public int PoolSizeFor(string language) => Isolation == SandboxIsolation.Static
        ? SocketPaths(StaticLaunchers.GetValueOrDefault(language)).Length
        : Pools.TryGetValue(language, out var size) ? size : PoolSize;

    /// <summary>The runtime <paramref name="language"/>'s sandboxes run under, as reported: runc, runsc, or static (not ours to choose).</summary>
    public string RuntimeNameFor(string language) => Isolation == SandboxIsolation.Static
        ? SandboxRuntimes.Static
        : RuntimeFor(language).Name();

    public SandboxRuntime RuntimeFor(string language) => Runtimes.TryGetValue(language, out var runtime) ? runtime : Runtime;

    public bool KeepsWarm(string language) =>
        CommaSeparated(WarmLanguages).Any(l => l == "*" || string.Equals(l, language, StringComparison.OrdinalIgnoreCase));

    public static string[] SocketPaths(string? list) => CommaSeparated(list);

    private static string[] CommaSeparated(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!DockerEndpoint.StartsWith("unix://", StringComparison.Ordinal) && !DockerEndpoint.StartsWith("tcp://", StringComparison.Ordinal))
            yield return new ValidationResult("DockerEndpoint must be a unix:// or tcp:// URI", [nameof(DockerEndpoint)]);
        if (SocketRoot.Length > 60)
            yield return new ValidationResult("SocketRoot must be short: unix socket paths are limited to 108 bytes", [nameof(SocketRoot)]);
        if (Isolation == SandboxIsolation.Static)
        {
            if (StaticLaunchers.Values.Sum(v => SocketPaths(v).Length) == 0)
                yield return new ValidationResult("Isolation static needs at least one StaticLaunchers:<language> socket path", [nameof(StaticLaunchers)]);
            if (StaticMemoryMb == 0)
                yield return new ValidationResult("Isolation static needs StaticMemoryMb, the memory of each launcher's container", [nameof(StaticMemoryMb)]);
            foreach (var path in StaticLaunchers.Values.SelectMany(SocketPaths))
                if (!path.StartsWith('/') || path.Length > 100)
                    yield return new ValidationResult($"StaticLaunchers: '{path}' must be an absolute socket path of at most 100 bytes", [nameof(StaticLaunchers)]);
            if (Runtime != SandboxRuntime.Runc || Runtimes.Count > 0)
                yield return new ValidationResult("Runtime and Runtimes apply to Isolation docker only: a static launcher's container was started by someone else", [nameof(Runtime)]);
        }
        foreach (var (language, size) in Pools)
            if (size is < 0 or > 64)
                yield return new ValidationResult($"Pools:{language} must be between 0 and 64", [nameof(Pools)]);
    }
}
