using System.Globalization;

namespace Neuron.Bench;

/// <summary>
/// CPU time spent by each part of the stack over a stretch of the benchmark, read from /proc. A sandbox's PID 1 is its
/// launcher: its own time is the launcher's, its children's (cutime + cstime: every process it reaped, user programs
/// and orphans alike) the programs'. The runner may replace a sandbox mid-burst, so launchers are polled every 200 ms
/// and a gone one keeps its last reading; the runner resets a sandbox's cgroup cpuacct counter before every run, so
/// the cgroup cannot be used. The Docker engine is shared with other checkouts on this machine: its figure includes their work.
/// </summary>
public sealed class CpuMeter : IAsyncDisposable
{
    /// <summary>USER_HZ, the unit of /proc/*/stat and /proc/stat times: 100 on every Linux architecture we run on.</summary>
    private const double TicksPerSecond = 100;
    private const string Containers = "/sys/fs/cgroup/cpuacct/docker";

    private readonly IReadOnlyDictionary<string, int[]> _processes;
    private readonly Dictionary<string, double> _processStart;
    private readonly Func<string, Task<int?>> _launcherPid;
    private readonly Dictionary<string, int?> _known = [];
    private readonly Dictionary<int, (double Own, double Children)> _launcherStart = [];
    private readonly Dictionary<int, (double Own, double Children)> _launcherLast = [];
    private readonly double _machineStart;
    private readonly CancellationTokenSource _stop = new();
    private Task _poller = Task.CompletedTask;

    /// <param name="processes">Named groups of process ids (e.g. "functions" → its pid).</param>
    /// <param name="launcherPid">The host pid of the container's PID 1 when the container of this full id is one of the stack's sandboxes (asked once per container).</param>
    private CpuMeter(IReadOnlyDictionary<string, int[]> processes, Func<string, Task<int?>> launcherPid)
    {
        _processes = processes;
        _launcherPid = launcherPid;
        _processStart = processes.ToDictionary(p => p.Key, p => p.Value.Sum(ProcessMs));
        _machineStart = MachineBusyMs();
    }

    /// <summary>Starts measuring: containers polled every 200 ms (a cgroup listing; Docker is asked only about a new id).</summary>
    public static async Task<CpuMeter> StartAsync(IReadOnlyDictionary<string, int[]> processes, Func<string, Task<int?>> launcherPid)
    {
        var meter = new CpuMeter(processes, launcherPid);
        await meter.PollContainersAsync(first: true);
        meter._poller = Task.Run(async () =>
        {
            while (!meter._stop.IsCancellationRequested)
            {
                try { await Task.Delay(200, meter._stop.Token); } catch (OperationCanceledException) { }
                await meter.PollContainersAsync(first: false);
            }
        });
        return meter;
    }

    /// <summary>CPU milliseconds per part since this meter was made: each process group, "launchers", "sandboxed programs", and "machine" (every core, every process).</summary>
    public async Task<Dictionary<string, double>> StopAsync()
    {
        await _stop.CancelAsync();
        await _poller;
        await PollContainersAsync(first: false);
        var spent = _processes.ToDictionary(p => p.Key, p => p.Value.Sum(ProcessMs) - _processStart[p.Key]);
        spent["launchers"] = _launcherLast.Sum(l => l.Value.Own - _launcherStart[l.Key].Own);
        spent["sandboxed programs"] = _launcherLast.Sum(l => l.Value.Children - _launcherStart[l.Key].Children);
        spent["machine"] = MachineBusyMs() - _machineStart;
        return spent;
    }

    private async Task PollContainersAsync(bool first)
    {
        var ids = Directory.Exists(Containers) ? Directory.EnumerateDirectories(Containers).Select(Path.GetFileName).OfType<string>().Where(n => n.Length == 64).ToList() : [];
        foreach (var id in ids)
        {
            if (!_known.TryGetValue(id, out var pid))
                _known[id] = pid = await _launcherPid(id);
            if (pid is not { } launcher || Times(launcher) is not { } times)
                continue;
            _launcherStart.TryAdd(launcher, first ? (times[0] + times[1], times[2] + times[3]) : (0, 0)); // born during the burst: from zero
            _launcherLast[launcher] = (times[0] + times[1], times[2] + times[3]);
        }
    }

    /// <summary>utime + stime of a live process (its threads included), in ms; 0 once it is gone.</summary>
    private static double ProcessMs(int pid) => Times(pid) is { } t ? t[0] + t[1] : 0;

    /// <summary>utime, stime, cutime, cstime of a live process in ms; null once it is gone.</summary>
    private static double[]? Times(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // After "pid (comm) " comes field 3 (state); utime, stime, cutime, cstime are fields 14 to 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[11..15].Select(f => long.Parse(f, CultureInfo.InvariantCulture) * 1000 / TicksPerSecond).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Busy time of every core (everything but idle and iowait) since boot, in ms.</summary>
    private static double MachineBusyMs()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var busy = cpu.Take(8).Sum() - cpu[3] - cpu[4]; // user nice system idle iowait irq softirq steal
        return busy * 1000 / TicksPerSecond;
    }

    /// <summary>Ids of the running processes whose command name is <paramref name="comm"/> (e.g. dockerd).</summary>
    public static int[] ProcessesNamed(string comm) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture))
            .Where(pid =>
            {
                try { return File.ReadAllText($"/proc/{pid}/comm").Trim() == comm; }
                catch (IOException) { return false; }
            }).ToArray();

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
            await StopAsync();
        _stop.Dispose();
    }
}
