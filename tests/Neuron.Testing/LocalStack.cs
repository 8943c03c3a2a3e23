namespace Neuron.Testing;

/// <summary>
/// The whole of Neuron on this machine, as real processes: Azurite, the runner agent (real Docker) and the Functions
/// app in local mode, wired the way infra/up wires them (an admin key included: <see cref="CreateKeyAsync"/> makes API
/// keys). Used by the end-to-end tests, the chaos tests (which kill a service and start it again with
/// <see cref="RestartRunnerAsync"/> or <see cref="RestartFunctionsAsync"/>: same ports, settings and instance id) and the
/// benchmarks.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private readonly Func<ServiceProcess> _startRunner;
    private readonly Func<ServiceProcess> _startFunctions;

    private LocalStack(AzuriteProcess azurite, Func<ServiceProcess> startRunner, Func<ServiceProcess> startFunctions, Uri runnerUrl, Uri apiUrl,
        string secret, string adminKey, string runnerInstanceId)
    {
        AdminKey = adminKey;
        Azurite = azurite;
        _startRunner = startRunner;
        _startFunctions = startFunctions;
        StartedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Runner = startRunner();
        Functions = startFunctions();
        RunnerUrl = runnerUrl;
        ApiUrl = apiUrl;
        Secret = secret;
        RunnerInstanceId = runnerInstanceId;
    }

    public AzuriteProcess Azurite { get; }
    /// <summary>When the runner and the app were started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for cold-start figures.</summary>
    public long StartedAt { get; private set; }
    public ServiceProcess Runner { get; private set; }
    public ServiceProcess Functions { get; private set; }
    /// <summary>Labels the runner's sandbox containers (<c>neuron.runner.instance</c>).</summary>
    public string RunnerInstanceId { get; }
    public Uri RunnerUrl { get; }
    public Uri ApiUrl { get; }
    public string Secret { get; }
    public string AdminKey { get; }

    /// <param name="runnerSettings">Runner__* settings beyond the secret and instance id.</param>
    /// <param name="functionsSettings">Settings of the Functions app beyond storage and runner.</param>
    /// <param name="routeToRunner">The address the app calls for the runner at the given one (default: that one); the chaos tests put a proxy there.</param>
    /// <param name="onLog">Sees every log line of the runner ("runner") and the app ("functions").</param>
    /// <param name="waitHealthy">Return only once both are healthy; false returns as soon as they are started (the cold-start benchmark watches them come up).</param>
    public static async Task<LocalStack> StartAsync(IReadOnlyDictionary<string, string> runnerSettings, IReadOnlyDictionary<string, string> functionsSettings,
        Func<Uri, Uri>? routeToRunner = null, Action<string, string>? onLog = null, bool waitHealthy = true)
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var adminKey = AdminApi.NewAdminKey();
        var instanceId = "e2e" + Guid.NewGuid().ToString("N")[..8];
        var runnerUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var apiUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(60));
        var runnerEnvironment = new Dictionary<string, string>(runnerSettings)
        {
            ["Runner__Secret"] = secret,
            ["Runner__InstanceId"] = instanceId,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var functionsEnvironment = new Dictionary<string, string>(functionsSettings)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Runner__Url"] = (routeToRunner?.Invoke(runnerUrl) ?? runnerUrl).ToString(),
            ["Runner__Secret"] = secret,
            ["Keys__AdminKey"] = adminKey,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var stack = new LocalStack(azurite,
            () => ServiceProcess.StartDotnet("runner", RepoRoot.Built("runner/Neuron.Runner", "Neuron.Runner.dll"), runnerUrl.ToString(), runnerEnvironment,
                onLog is null ? null : line => onLog("runner", line)),
            () => ServiceProcess.StartDotnet("functions", RepoRoot.Built("functions/Neuron.Functions", "Neuron.Functions.dll"), apiUrl.ToString(), functionsEnvironment,
                onLog is null ? null : line => onLog("functions", line)),
            runnerUrl, apiUrl, secret, adminKey, instanceId);
        if (!waitHealthy)
            return stack;
        try
        {
            await stack.WaitRunnerHealthyAsync();
            await stack.WaitFunctionsHealthyAsync();
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
        return stack;
    }

    /// <summary>Starts the runner again (same port, secret and instance id) once it has exited, and waits until it is healthy.</summary>
    public async Task RestartRunnerAsync()
    {
        if (!Runner.HasExited)
            throw new InvalidOperationException("the runner is still running");
        await Runner.DisposeAsync();
        Runner = _startRunner();
        await WaitRunnerHealthyAsync();
    }

    /// <summary>Starts the Functions app again (same port and settings) once it has exited, and waits until it is healthy (unless told not to).</summary>
    public async Task RestartFunctionsAsync(bool waitHealthy = true)
    {
        if (!Functions.HasExited)
            throw new InvalidOperationException("the Functions app is still running");
        await Functions.DisposeAsync();
        StartedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        Functions = _startFunctions();
        if (waitHealthy)
            await WaitFunctionsHealthyAsync();
    }

    public Task WaitRunnerHealthyAsync() => Runner.WaitHealthyAsync(new Uri(RunnerUrl, "/healthz"), TimeSpan.FromMinutes(3));

    public Task WaitFunctionsHealthyAsync() => Functions.WaitHealthyAsync(new Uri(ApiUrl, "/api/health"), TimeSpan.FromMinutes(1));

    /// <summary>Creates an API key through the admin API and returns it in plaintext.</summary>
    public Task<string> CreateKeyAsync(string kind, IReadOnlyList<string> origins, string name = "tests", int? permitsPerMinute = null,
        int? dailyRunQuota = null, int? maxInFlight = null, long? freeMicroCredits = null, CancellationToken cancellationToken = default) =>
        AdminApi.CreateKeyAsync(ApiUrl, AdminKey, kind, origins, name, permitsPerMinute, dailyRunQuota, maxInFlight, freeMicroCredits, cancellationToken);

    /// <summary>A client of the public API presenting <paramref name="key"/> (none when null).</summary>
    public HttpClient ApiClient(string? key, int maxConnections = 512)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }) { BaseAddress = ApiUrl, Timeout = TimeSpan.FromMinutes(5) };
        if (key is not null)
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    /// <summary>A client of the runner's /v1 API that signs its requests.</summary>
    public HttpClient RunnerClient() => SignedClient.Create(RunnerUrl, Secret);

    public async ValueTask DisposeAsync()
    {
        await Functions.DisposeAsync();
        await Runner.DisposeAsync();
        Azurite.Dispose();
    }
}
