using System.Diagnostics;
using System.Globalization;

namespace Neuron.Chaos.Tests;

/// <summary>
/// Faults of the shared Docker engine. Other checkouts' tests use the same engine: while it is down the file
/// <see cref="Marker"/> exists (they wait on it), and it is started again exactly as infra/up starts it
/// (infra/lib.sh's ensure_docker, which must cope with the pid file a killed dockerd leaves behind).
/// </summary>
public static class DockerEngine
{
    public const string Marker = "/tmp/neuron-dockerd-chaos";
    private const string PidFile = "/var/run/docker.pid";

    public static async Task KillAndRestartAsync(string signal, System.Collections.Concurrent.ConcurrentQueue<string> notes)
    {
        var pid = int.Parse((await File.ReadAllTextAsync(PidFile)).Trim(), CultureInfo.InvariantCulture);
        if ((await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim() != "dockerd")
            throw new InvalidOperationException($"{PidFile} names pid {pid}, which is not dockerd");
        await File.WriteAllTextAsync(Marker, $"{Environment.ProcessId}\n");
        try
        {
            await Command.RunAsync("kill", ["-s", signal, pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
            // SIGTERM: dockerd stops every container first (up to 10 s each, in parallel).
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (IsRunning(pid))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"dockerd (pid {pid}) did not exit after SIG{signal}");
                await Task.Delay(100);
            }
            if (File.Exists(PidFile))
                notes.Enqueue($"dockerd (pid {pid}) is gone; it left {PidFile} behind");
            var restart = Stopwatch.StartNew();
            var log = await Command.RunAsync("bash", ["-c", ". infra/lib.sh && ensure_docker"], TimeSpan.FromMinutes(3),
                new Dictionary<string, string> { ["NEURON_CHAOS_DOCKERD"] = "1" });
            notes.Enqueue($"infra/lib.sh ensure_docker, {restart.Elapsed.TotalSeconds:0.0} s: {log.Trim().ReplaceLineEndings(" · ")}");
        }
        finally
        {
            File.Delete(Marker);
        }
    }

    /// <summary>docker kill of one of the runner's sandbox containers (its runs are mid-flight).</summary>
    public static async Task KillASandboxAsync(string instanceId)
    {
        var ids = (await Command.RunAsync("docker", ["ps", "-q", "--filter", $"label=neuron.runner.instance={instanceId}"], TimeSpan.FromSeconds(30)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
            throw new InvalidOperationException($"the runner {instanceId} has no sandbox container running");
        await Command.RunAsync("docker", ["kill", ids[0]], TimeSpan.FromSeconds(30));
    }

    /// <summary>Alive and not a zombie waiting for its parent.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0] != "Z";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
