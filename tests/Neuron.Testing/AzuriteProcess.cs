namespace Neuron.Testing;

/// <summary>
/// One Azurite (the version pinned in infra/azurite) on free loopback ports with a temporary data folder.
/// Missing Azurite is an error, never a skip: `npm ci --prefix infra/azurite` (infra/test does it).
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ServiceProcess _process;
    private readonly string _dataDir;

    private AzuriteProcess(ServiceProcess process, string dataDir, int blob, int queue, int table)
    {
        _process = process;
        _dataDir = dataDir;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/{AccountName};QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{table}/{AccountName};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync(TimeSpan bound)
    {
        var executable = System.IO.Path.Combine(RepoRoot.Path, "infra", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Azurite is missing at {executable}: run `npm ci --prefix infra/azurite` (infra/test does it)");
        var dataDir = Directory.CreateTempSubdirectory("neuron-azurite-").FullName;
        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        var process = ServiceProcess.Start("azurite", executable,
        [
            "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--location", dataDir,
            "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        ], new Dictionary<string, string>());
        var azurite = new AzuriteProcess(process, dataDir, blob, queue, table);
        var deadline = DateTime.UtcNow + bound;
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await FreePort.AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    await azurite.DisposeAsync();
                    throw new InvalidOperationException($"Azurite did not listen on {port} within {bound}:\n{process.Tail}");
                }
                await Task.Delay(50);
            }
        }
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
