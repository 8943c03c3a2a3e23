using System.Diagnostics;

namespace Neuron.Testing;

/// <summary>
/// One Azurite (the version pinned in infra/azurite) on free loopback ports with a temporary data folder; disposing
/// kills it and deletes the folder. Missing Azurite is an error, never a skip: run `npm ci --prefix infra/azurite`.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string Watchdog = """
        parent=$1; dir=$2; shift 2
        "$@" >/dev/null 2>&1 &
        child=$!
        trap 'kill -9 $child 2>/dev/null; rm -rf "$dir"; exit 0' TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
        kill -9 $child 2>/dev/null; wait $child 2>/dev/null; rm -rf "$dir"
        """;

    private const string DataDirPrefix = "neuron-azurite-";
    private const string OwnerFile = "owner.pid";

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
        var executable = System.IO.Path.Combine(RepoRoot.Path, "infra", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is missing at {executable}. Install the pinned version with `npm ci --prefix infra/azurite` (infra/test does it).");
        }
        PruneAbandonedDataDirs();
        var dataDir = Directory.CreateTempSubdirectory(DataDirPrefix).FullName;
        File.WriteAllText(Path.Combine(dataDir, OwnerFile), Environment.ProcessId.ToString());
        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        // A watchdog shell owns Azurite: when this process dies without disposing (a killed test host), Azurite and its
        // data folder go with it within a second instead of lingering.
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-c", Watchdog, "azurite-watchdog", Environment.ProcessId.ToString(), dataDir, executable,
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
            while (!await FreePort.AcceptsAsync(port))
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

    /// <summary>
    /// Deletes the data folders of earlier runs whose process is gone (a test host killed by the test runner does not
    /// run its exit handlers; its Azurite is stopped by the watchdog, but the folder may stay).
    /// </summary>
    private static void PruneAbandonedDataDirs()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), DataDirPrefix + "*"))
        {
            try
            {
                var owner = Path.Combine(dir, OwnerFile);
                if (!File.Exists(owner) || !int.TryParse(File.ReadAllText(owner), out var pid) || IsAlive(pid))
                    continue;
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
