using System.Diagnostics;
using System.Globalization;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Neuron.Bench;

/// <summary>
/// The two baselines, measured on the same engine and images as the runner:
/// the floor (a fresh process inside the image, timed inside the container) and docker exec per run.
/// </summary>
public sealed class DockerProbes(DockerClient docker) : IAsyncDisposable
{
    private readonly List<string> _containers = [];

    /// <summary>Per-run wall times of a bare process (compile + run for compiled languages), in ms.</summary>
    /// <param name="wipe">Empty the work folder and /tmp before each run (untimed), as the sandbox's janitor does, so no compiler reuses a cache.</param>
    public async Task<List<double>> FloorAsync(BenchProgram program, int iterations, bool wipe = false)
    {
        // bash's `time` around a subshell: fork + exec + wait, exactly what the launcher does, without Docker in the path.
        var clean = wipe ? "rm -rf /work/* /work/.[!.]* /tmp/* 2>/dev/null; " : "";
        var script = "cd /work && TIMEFORMAT=%R; for i in $(seq " + iterations + "); do " + clean + "time ( " + program.Shell(program.Source) + " > /dev/null ); done";
        var output = await RunToEndAsync(program.Image, script, nanoCpus: 1_000_000_000);
        return Seconds(output);
    }

    /// <summary>Wall time of <paramref name="total"/> runs with <paramref name="parallel"/> at once, in ms.</summary>
    public async Task<double> FloorThroughputAsync(BenchProgram program, int total, int parallel)
    {
        var script = $"cd /work && printf '%s' '{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(program.Source))}' | base64 -d > {program.FileName}"
            + $" && TIMEFORMAT=%R; time ( seq {total} | xargs -P {parallel} -I{{}} sh -c '{program.Run} > /dev/null' )";
        var output = await RunToEndAsync(program.Image, script, nanoCpus: 0);
        return Seconds(output).Single();
    }

    /// <summary>The original Neuron technique: one docker exec per run into a warm container, timed from here.</summary>
    public async Task<List<double>> ExecPerRunAsync(BenchProgram program, int iterations)
    {
        var id = await StartIdleAsync(program.Image);
        var samples = new List<double>();
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            var exec = await docker.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters
            {
                Cmd = ["sh", "-c", $"rm -rf /work/* && cd /work && {program.Shell(program.Unique(i))}"],
                AttachStdout = true,
                AttachStderr = true,
                User = "10001",
            });
            using (var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false))
                await stream.ReadOutputToEndAsync(CancellationToken.None);
            var inspect = await docker.Exec.InspectContainerExecAsync(exec.ID);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (inspect.ExitCode != 0)
                throw new InvalidOperationException($"docker exec of {program.Language} exited {inspect.ExitCode}");
        }
        return samples;
    }

    /// <summary>docker pause + unpause of an idle container: what a paused cold reserve would add to a run, in ms.</summary>
    public async Task<(List<double> Pause, List<double> Unpause)> PauseUnpauseAsync(string image, int iterations)
    {
        var id = await StartIdleAsync(image);
        var (pause, unpause) = (new List<double>(), new List<double>());
        for (var i = 0; i < iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            await docker.Containers.PauseContainerAsync(id);
            pause.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await docker.Containers.UnpauseContainerAsync(id);
            unpause.Add(clock.Elapsed.TotalMilliseconds);
        }
        return (pause, unpause);
    }

    private async Task<string> StartIdleAsync(string image)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = ["sleep", "infinity"],
            Labels = new Dictionary<string, string> { ["neuron.bench"] = "true" },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Tmpfs = new Dictionary<string, string> { ["/work"] = "rw,exec,size=64m,uid=10001,gid=10001,mode=0700" },
                Memory = 512L << 20,
                NanoCPUs = 1_000_000_000,
            },
        });
        _containers.Add(created.ID);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }

    private async Task<string> RunToEndAsync(string image, string script, long nanoCpus)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = image,
            Entrypoint = ["bash", "-c", script],
            User = "10001",
            Labels = new Dictionary<string, string> { ["neuron.bench"] = "true" },
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Tmpfs = new Dictionary<string, string> { ["/work"] = "rw,exec,size=64m,uid=10001,gid=10001,mode=0700" },
                Memory = 1L << 30,
                NanoCPUs = nanoCpus,
            },
        });
        _containers.Add(created.ID);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var wait = await docker.Containers.WaitContainerAsync(created.ID);
        using var logs = await docker.Containers.GetContainerLogsAsync(created.ID, tty: false, new ContainerLogsParameters { ShowStderr = true, ShowStdout = true });
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
        if (wait.StatusCode != 0)
            throw new InvalidOperationException($"floor probe in {image} failed ({wait.StatusCode}): {stdout}{stderr}");
        return stderr;
    }

    private static List<double> Seconds(string timeOutput) =>
        timeOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .Select(l => double.Parse(l, CultureInfo.InvariantCulture) * 1000).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _containers)
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
    }
}
