using System.Diagnostics;

namespace Neuron.Testing;

/// <summary>
/// One Azurite (the version pinned in infra/azurite) on free loopback ports with a temporary data folder; disposing
/// kills it and deletes the folder. Missing Azurite is an error, never a skip: run `npm ci --prefix infra/azurite`.
/// The chaos tests signal it (<see cref="SignalAsync"/>) and start it again on the same ports and data
/// (<see cref="RestartAsync"/>), as infra/up would after a crash.
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Prints Azurite's pid. The data goes with Azurite's owner (the test host), not with Azurite: a killed Azurite is
    // started again on the same data.
    private const string Watchdog = """
        parent=$1; dir=$2; shift 2
        "$@" >/dev/null 2>&1 &
        child=$!
        echo "$child"
        trap 'kill -9 $child 2>/dev/null; rm -rf "$dir"; exit 0' TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.5; done
        kill -9 $child 2>/dev/null; wait $child 2>/dev/null
        kill -0 "$parent" 2>/dev/null || rm -rf "$dir"
        """;

    private const string DataDirPrefix = "neuron-azurite-";
    private const string OwnerFile = "owner.pid";

    private readonly string _dataDir;
    private readonly int[] _ports;
    private Process _process = null!;
    private TaskCompletionSource<int> _pid = new();

    private AzuriteProcess(string dataDir, int blobPort, int queuePort, int tablePort)
    {
        _dataDir = dataDir;
        _ports = [blobPort, queuePort, tablePort];
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync(TimeSpan timeout)
    {
        PruneAbandonedDataDirs();
        var dataDir = Directory.CreateTempSubdirectory(DataDirPrefix).FullName;
        File.WriteAllText(Path.Combine(dataDir, OwnerFile), Environment.ProcessId.ToString());
        var azurite = new AzuriteProcess(dataDir, FreePort.Next(), FreePort.Next(), FreePort.Next());
        try
        {
            await azurite.LaunchAsync(timeout);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
        return azurite;
    }

    /// <summary>Azurite's own process id (the node process, not its watchdog).</summary>
    public Task<int> PidAsync() => _pid.Task;

    /// <summary>Sends <paramref name="signal"/> (e.g. KILL, TERM) to Azurite and waits until it is gone.</summary>
    public async Task SignalAsync(string signal, TimeSpan bound)
    {
        var pid = await PidAsync();
        using (var kill = Process.Start("kill", ["-s", signal, pid.ToString()])!)
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(bound);
    }

    /// <summary>Starts Azurite again on the same ports and data folder (after <see cref="SignalAsync"/>).</summary>
    public async Task RestartAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
            throw new InvalidOperationException("Azurite is still running");
        _process.Dispose();
        await LaunchAsync(timeout);
    }

    private async Task LaunchAsync(TimeSpan timeout)
    {
        var executable = System.IO.Path.Combine(RepoRoot.Path, "infra", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is missing at {executable}. Install the pinned version with `npm ci --prefix infra/azurite` (infra/test does it).");
        }
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
                     "-c", Watchdog, "azurite-watchdog", Environment.ProcessId.ToString(), _dataDir, executable,
                     "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose", "--location", _dataDir,
                     "--blobHost", "127.0.0.1", "--blobPort", _ports[0].ToString(), "--queueHost", "127.0.0.1", "--queuePort", _ports[1].ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", _ports[2].ToString(),
                 })
            start.ArgumentList.Add(arg);
        var pid = _pid = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (int.TryParse(e.Data, out var id))
                pid.TrySetResult(id);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + timeout;
        foreach (var port in _ports)
        {
            while (!await FreePort.AcceptsAsync(port))
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                    throw new InvalidOperationException($"Azurite did not listen on port {port} within {timeout.TotalSeconds} s.");
                await Task.Delay(50);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process?.Dispose();
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
