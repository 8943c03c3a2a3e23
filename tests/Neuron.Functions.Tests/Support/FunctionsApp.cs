using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neuron.Functions.Languages;
using Neuron.Functions.Runs;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// One instance of the Functions app, in process, against the shared Azurite. Instances created with the same
/// <see cref="Prefix"/> share their queues and tables (and keys), like two instances of one Function App.
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> presents <see cref="DefaultKey"/>, a secret key
/// with a generous rate and quota made for the prefix; <see cref="AnonymousClient"/> presents none.
/// </summary>
public sealed class FunctionsApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private static readonly ConcurrentDictionary<string, Lazy<Task<CreatedKey>>> DefaultKeys = new();
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private FunctionsApp(string connectionString, string prefix, Uri runnerUrl, OffsetTimeProvider time, IDictionary<string, string?> settings,
        Action<IServiceCollection>? services)
    {
        _services = services;
        ConnectionString = connectionString;
        Prefix = prefix;
        Time = time;
        _settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Storage:NamePrefix"] = prefix,
            ["Runner:Url"] = runnerUrl.ToString(),
            ["Runner:Secret"] = StubRunner.Secret,
            ["Runner:ExecuteTimeoutSeconds"] = "10",
            ["Queues:MinPollingInterval"] = "00:00:00.010",
            ["Queues:MaxPollingInterval"] = "00:00:00.050",
            ["Queues:VisibilityTimeout"] = "00:00:00.200",
            ["Queues:MaxDequeueCount"] = "3",
            ["Timers:SweepRuns"] = "off",
            ["Sessions:CooldownMs"] = "0",
            ["RateLimit:PermitsPerMinute"] = "10000",
            ["Keys:AdminKey"] = AdminKey,
            ["Keys:DefaultDailyRunQuota"] = "1000000",
            ["Keys:DefaultMaxInFlight"] = "10000",
            // Plenty of credits, so that tests not about billing never meet a 402; billing tests give their keys less.
            ["Billing:FreeMicroCredits"] = "1000000000000000",
        };
        foreach (var (key, value) in settings)
            _settings[key] = value;
    }

    public string ConnectionString { get; }
    public string Prefix { get; }
    public OffsetTimeProvider Time { get; }

    /// <summary>The prefix's default secret key (a well-formed but unknown one when the app was not prepared).</summary>
    public string DefaultKey => _defaultKey.Key;
    public string DefaultKeyId => _defaultKey.Id;
    private CreatedKey _defaultKey = new("key_unknown", "sk_" + new string('0', 32), "secret");

    public StorageClients Storage => Services.GetRequiredService<StorageClients>();

    public TableClient RunsTable => new TableServiceClient(ConnectionString).GetTableClient(Prefix + "runs");

    /// <summary>Submits a Python run with this stdin (the stub runner echoes it) and waits until it is final.</summary>
    public async Task<RunDocument> RunPythonAsync(string stdin, TimeSpan timeout)
    {
        var http = CreateClient();
        var submitted = await (await http.SubmitAsync(Client.Python(stdin: stdin))).RunAsync();
        return await http.WaitFinalAsync(submitted.Id, timeout);
    }

    /// <summary>How often the run was claimed by a dispatcher: 1 when no retry of its message was needed.</summary>
    public async Task<int> AttemptsAsync(string id) =>
        (await Services.GetRequiredService<RunStore>().GetAsync(id, false, CancellationToken.None))!.Attempts;
    public QueueClient RunsQueue => new QueueServiceClient(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }).GetQueueClient(Prefix + "runs");

    /// <summary>A fresh prefix: the tables and queues of one test, isolated from the others'.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <param name="prepare">Create storage and read the languages first, as a long-running instance has by the time traffic arrives.</param>
    /// <param name="services">Test services added last (fault injection).</param>
    public static async Task<FunctionsApp> StartAsync(Uri runnerUrl, IDictionary<string, string?>? settings = null, string? prefix = null,
        OffsetTimeProvider? time = null, bool prepare = true, Action<IServiceCollection>? services = null)
    {
        var app = new FunctionsApp(await SharedAzurite.ConnectionStringAsync(), prefix ?? NewPrefix(), runnerUrl, time ?? new OffsetTimeProvider(),
            settings ?? new Dictionary<string, string?>(), services);
        _ = app.Server; // starts the host, its hosted services included
        if (!prepare)
            return app;
        await app.Services.GetRequiredService<StorageInitializer>().EnsureAsync(CancellationToken.None);
        await app.Services.GetRequiredService<LanguageRefresher>().RefreshAsync(CancellationToken.None);
        app._defaultKey = await DefaultKeys.GetOrAdd(app.Prefix, _ => new Lazy<Task<CreatedKey>>(() => app.CreateKeyAsync(new { kind = "secret", name = "tests" }))).Value;
        return app;
    }

    public sealed record CreatedKey(string Id, string Key, string Kind);

    /// <summary>Creates a key through the admin API; <paramref name="request"/> is the JSON body.</summary>
    public async Task<CreatedKey> CreateKeyAsync(object request)
    {
        using var http = AdminClient();
        var response = await http.PostAsync("/api/admin/keys", Client.JsonBody(request));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedKey>(Client.Json))!;
    }

    /// <summary>A client presenting <paramref name="key"/> (and <paramref name="origin"/> as a browser would, when given).</summary>
    public HttpClient ClientWithKey(string key, string? origin = null)
    {
        var http = AnonymousClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (origin is not null)
            http.DefaultRequestHeaders.Add("Origin", origin);
        return http;
    }

    public HttpClient AdminClient() => ClientWithKey(AdminKey);

    /// <summary>A client that presents no key.</summary>
    public HttpClient AnonymousClient() => Server.CreateClient();

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DefaultKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            _services?.Invoke(services);
        });
    }
}
