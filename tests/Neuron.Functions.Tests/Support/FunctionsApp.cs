using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Neuron.Functions.Languages;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// One instance of the Functions app, in process, against the shared Azurite. Instances created with the same
/// <see cref="Prefix"/> share their queues and tables, like two instances of one Function App.
/// </summary>
public sealed class FunctionsApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    private FunctionsApp(string connectionString, string prefix, Uri runnerUrl, OffsetTimeProvider time, IDictionary<string, string?> settings)
    {
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
            ["Dispatch:SweepIntervalSeconds"] = "3600",
            ["Sessions:CooldownMs"] = "0",
            ["RateLimit:PermitsPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings)
            _settings[key] = value;
    }

    public string ConnectionString { get; }
    public string Prefix { get; }
    public OffsetTimeProvider Time { get; }

    public StorageClients Storage => Services.GetRequiredService<StorageClients>();

    public TableClient RunsTable => new TableServiceClient(ConnectionString).GetTableClient(Prefix + "runs");
    public QueueClient RunsQueue => new QueueServiceClient(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None }).GetQueueClient(Prefix + "runs");

    /// <summary>A fresh prefix: the tables and queues of one test, isolated from the others'.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];

    /// <param name="prepare">Create storage and read the languages first, as a long-running instance has by the time traffic arrives.</param>
    public static async Task<FunctionsApp> StartAsync(Uri runnerUrl, IDictionary<string, string?>? settings = null, string? prefix = null,
        OffsetTimeProvider? time = null, bool prepare = true)
    {
        var app = new FunctionsApp(await SharedAzurite.ConnectionStringAsync(), prefix ?? NewPrefix(), runnerUrl, time ?? new OffsetTimeProvider(),
            settings ?? new Dictionary<string, string?>());
        _ = app.Server; // starts the host, its hosted services included
        if (!prepare)
            return app;
        await app.Services.GetRequiredService<StorageInitializer>().EnsureAsync(CancellationToken.None);
        await app.Services.GetRequiredService<LanguageRefresher>().RefreshAsync(CancellationToken.None);
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Time));
    }
}
