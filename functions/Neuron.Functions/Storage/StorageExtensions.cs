namespace Neuron.Functions.Storage;

public static class StorageExtensions
{
    /// <summary>The storage account (a connection string, or identity-based as on Azure) and its tables, queues and blobs.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.AddValidatedOptions<StorageOptions>(StorageOptions.Section)
            .Configure(o =>
            {
                o.ConnectionString ??= configuration["AzureWebJobsStorage"];
                var identity = configuration.GetSection("AzureWebJobsStorage");
                o.AccountName ??= identity["accountName"];
                o.BlobServiceUri ??= Uri(identity["blobServiceUri"]);
                o.QueueServiceUri ??= Uri(identity["queueServiceUri"]);
                o.TableServiceUri ??= Uri(identity["tableServiceUri"]);
            })
            .Validate(o => o.IsConfigured, "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName (identity-based).");
        builder.Services.AddSingleton<StorageClients>();
        builder.Services.AddSingleton<StorageInitializer>();
        builder.Services.AddSingleton<QueueSignal>();
        builder.Services.AddHostedService<StorageWarmup>();
        return builder;
    }

    private static Uri? Uri(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}
