using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Neuron.Functions.Tests.Support;

/// <summary>
/// One Azurite (the version pinned in infra/azurite) on free loopback ports with a temporary data folder; disposing
/// kills it and deletes the folder. Missing Azurite is an error, never a skip: run `npm ci --prefix infra/azurite`.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly string _dataDir;

    private AzuriteProcess(Process process, string dataDir, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _dataDir = dataDir;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync(TimeSpan timeout)
    {
        var executable = Path.Combine(RepoRoot.Path, "infra", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is missing at {executable}. Install the pinned version with `npm ci --prefix infra/azurite` (infra/test does it).");
        }
        var dataDir = Directory.CreateTempSubdirectory("neuron-azurite-").FullName;
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--location", dataDir,
                     "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(), "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", table.ToString(),
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteProcess(process, dataDir, blob, queue, table);
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in new[] { blob, queue, table })
        {
            while (!await AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    azurite.Dispose();
                    throw new InvalidOperationException($"Azurite did not listen on port {port} within {timeout.TotalSeconds} s.");
                }
                await Task.Delay(50);
            }
        }
        return azurite;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
