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
    private string? _maxRssTool;

    /// <summary>
    /// Waits for its argv as a child and prints the child's peak resident memory in KiB (wait4's ru_maxrss: the largest of
    /// it and every descendant it waited for — cc1plus under g++, the JVM under javac). Static, so it runs in every image.
    /// </summary>
    private const string MaxRssSource = """
        #include <stdio.h>
        #include <sys/resource.h>
        #include <sys/wait.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            if (argc < 2) return 2;
            pid_t pid = fork();
            if (pid == 0) { execvp(argv[1], argv + 1); _exit(127); }
            int status; struct rusage ru;
            if (wait4(pid, &status, 0, &ru) != pid) return 1;
            fprintf(stderr, "%ld\n", ru.ru_maxrss);
            return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
        }
        """;

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

    /// <summary>Peak resident memory of <paramref name="program"/>'s compiler, in KiB (the second of two compiles: page cache warm).</summary>
    public async Task<long> CompileMemoryKbAsync(BenchProgram program)
    {
        var tool = await MaxRssToolAsync();
        var compile = $"/opt/bench/maxrss sh -c '{program.Compile}'";
        var script = $"cd /work && printf '%s' '{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(program.Source))}' | base64 -d > {program.FileName}"
            + $" && {compile} 2>/dev/null && {compile} > /dev/null";
        var output = await RunToEndAsync(program.Image, script, nanoCpus: 1_000_000_000, binds: [$"{tool}:/opt/bench:ro"]);
        return long.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
    }

    private async Task<string> MaxRssToolAsync()
    {
        if (_maxRssTool is not null)
            return _maxRssTool;
        var dir = Directory.CreateTempSubdirectory("neuron-bench-").FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "maxrss.c"), MaxRssSource);
        var built = await Neuron.Testing.ProcessRunner.RunAsync("gcc", ["-O2", "-static", "-o", Path.Combine(dir, "maxrss"), Path.Combine(dir, "maxrss.c")], TimeSpan.FromMinutes(1));
        if (built.ExitCode != 0)
            throw new InvalidOperationException($"cannot build the maxrss helper: {built.Output}");
        if (!OperatingSystem.IsWindows()) // the sandbox uid reads it through the bind mount
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return _maxRssTool = dir;
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

    private async Task<string> RunToEndAsync(string image, string script, long nanoCpus, IList<string>? binds = null)
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
                Binds = binds,
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
        if (_maxRssTool is not null)
            Directory.Delete(_maxRssTool, recursive: true);
    }
}
