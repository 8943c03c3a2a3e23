namespace Neuron.Testing;

/// <summary>
/// The whole of Neuron on this machine, as real processes: Azurite, the runner agent (real Docker) and the Functions
/// app in local mode, wired the way infra/up wires them (an admin key included: <see cref="CreateKeyAsync"/> makes API
/// keys). Used by the end-to-end tests and the benchmarks.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private LocalStack(AzuriteProcess azurite, ServiceProcess runner, ServiceProcess functions, Uri runnerUrl, Uri apiUrl, string secret, string adminKey)
    {
        AdminKey = adminKey;
        Azurite = azurite;
        Runner = runner;
        Functions = functions;
        RunnerUrl = runnerUrl;
        ApiUrl = apiUrl;
        Secret = secret;
    }

    public AzuriteProcess Azurite { get; }
    public ServiceProcess Runner { get; }
    public ServiceProcess Functions { get; }
    public Uri RunnerUrl { get; }
    public Uri ApiUrl { get; }
    public string Secret { get; }
    public string AdminKey { get; }

    /// <param name="runnerSettings">Runner__* settings beyond the secret and instance id.</param>
    /// <param name="functionsSettings">Settings of the Functions app beyond storage and runner.</param>
    public static async Task<LocalStack> StartAsync(IReadOnlyDictionary<string, string> runnerSettings, IReadOnlyDictionary<string, string> functionsSettings)
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var adminKey = AdminApi.NewAdminKey();
        var runnerUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var apiUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(60));
        var runner = ServiceProcess.StartDotnet("runner", RepoRoot.Built("runner/Neuron.Runner", "Neuron.Runner.dll"), runnerUrl.ToString(),
            new Dictionary<string, string>(runnerSettings)
            {
                ["Runner__Secret"] = secret,
                ["Runner__InstanceId"] = "e2e" + Guid.NewGuid().ToString("N")[..8],
                ["Logging__LogLevel__Default"] = "Warning",
            });
        var functions = ServiceProcess.StartDotnet("functions", RepoRoot.Built("functions/Neuron.Functions", "Neuron.Functions.dll"), apiUrl.ToString(),
            new Dictionary<string, string>(functionsSettings)
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["Runner__Url"] = runnerUrl.ToString(),
                ["Runner__Secret"] = secret,
                ["Keys__AdminKey"] = adminKey,
                ["Logging__LogLevel__Default"] = "Warning",
            });
        var stack = new LocalStack(azurite, runner, functions, runnerUrl, apiUrl, secret, adminKey);
        try
        {
            await runner.WaitHealthyAsync(new Uri(runnerUrl, "/healthz"), TimeSpan.FromMinutes(3));
            await functions.WaitHealthyAsync(new Uri(apiUrl, "/api/health"), TimeSpan.FromMinutes(1));
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
        return stack;
    }

    /// <summary>Creates an API key through the admin API and returns it in plaintext.</summary>
    public Task<string> CreateKeyAsync(string kind, IReadOnlyList<string> origins, string name = "tests", int? permitsPerMinute = null,
        int? dailyRunQuota = null, int? maxInFlight = null, CancellationToken cancellationToken = default) =>
        AdminApi.CreateKeyAsync(ApiUrl, AdminKey, kind, origins, name, permitsPerMinute, dailyRunQuota, maxInFlight, cancellationToken);

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
