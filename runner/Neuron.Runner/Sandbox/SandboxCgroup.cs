namespace Neuron.Runner.Sandbox;

/// <summary>
/// A sandbox container's cgroup v1 folders as the host sees them, to reset the counters a run could read before the
/// next run starts. Inside the container /sys/fs/cgroup is read-only and the launcher lacks the capability to write it,
/// so the agent (root on the host) does it. Counters the kernel cannot reset are masked instead (see ContainerFactory).
/// </summary>
public sealed class SandboxCgroup(string? memoryDir, string? cpuacctDir)
{
    /// <summary>Writing 0 resets a peak to the current use and a counter to 0.</summary>
    private static readonly string[] MemoryCounters =
    [
        "memory.max_usage_in_bytes", "memory.memsw.max_usage_in_bytes", "memory.kmem.max_usage_in_bytes", "memory.kmem.tcp.max_usage_in_bytes",
        "memory.failcnt", "memory.memsw.failcnt", "memory.kmem.failcnt", "memory.kmem.tcp.failcnt",
    ];

    public string? MemoryDir { get; } = memoryDir;
    public string? CpuacctDir { get; } = cpuacctDir;

    /// <summary>The cgroup of <paramref name="pid"/> (the container's PID 1, seen from the host), or null when unknown.</summary>
    public static SandboxCgroup? Of(long pid)
    {
        try
        {
            return Parse(File.ReadAllLines($"/proc/{pid}/cgroup"), "/sys/fs/cgroup");
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The memory and cpuacct folders named by the lines of a /proc/&lt;pid&gt;/cgroup file, under <paramref name="cgroupRoot"/>.</summary>
    public static SandboxCgroup? Parse(IEnumerable<string> lines, string cgroupRoot)
    {
        string? memory = null, cpuacct = null;
        foreach (var line in lines)
        {
            // "4:memory:/docker/<id>" or "3:cpu,cpuacct:/docker/<id>"; cgroup v2 ("0::/...") has no named controllers.
            var parts = line.Split(':', 3);
            if (parts.Length != 3 || parts[1].Length == 0)
                continue;
            var dir = Path.Join(cgroupRoot, parts[1], parts[2]);
            var controllers = parts[1].Split(',');
            if (controllers.Contains("memory"))
                memory = dir;
            if (controllers.Contains("cpuacct"))
                cpuacct = dir;
        }
        return memory is null && cpuacct is null ? null : new SandboxCgroup(memory, cpuacct);
    }

    /// <summary>
    /// Sets the memory limit (memory and memory+swap alike) by writing the cgroup files, which is what `docker update`
    /// does for runc; runsc (Debian's 2022 release) has no `update` command, so dockerd's fails there. The two files
    /// must keep memsw ≥ memory at every step: raising writes memsw first, lowering writes memory first.
    /// </summary>
    public void SetMemoryLimit(long bytes)
    {
        if (MemoryDir is null)
            throw new IOException("the sandbox's memory cgroup is unknown");
        var memory = Path.Join(MemoryDir, "memory.limit_in_bytes");
        var memsw = Path.Join(MemoryDir, "memory.memsw.limit_in_bytes");
        string[] order = bytes > long.Parse(File.ReadAllText(memory).Trim()) ? [memsw, memory] : [memory, memsw];
        foreach (var file in order)
            File.WriteAllText(file, bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// How many processes the kernel's OOM killer killed in this cgroup (memory.oom_control's oom_kill, never reset),
    /// or null once the cgroup is gone or when the kernel does not count them.
    /// </summary>
    public long? OomKills()
    {
        if (MemoryDir is null)
            return null;
        try
        {
            foreach (var line in File.ReadLines(Path.Join(MemoryDir, "memory.oom_control")))
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan("oom_kill ".Length), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>Resets every resettable counter; returns those that could not be written (missing ones are fine).</summary>
    public IReadOnlyList<string> ResetCounters()
    {
        var failed = new List<string>();
        if (MemoryDir is not null)
            foreach (var counter in MemoryCounters)
                Reset(Path.Join(MemoryDir, counter), failed);
        if (CpuacctDir is not null)
            Reset(Path.Join(CpuacctDir, "cpuacct.usage"), failed);
        return failed;
    }

    private static void Reset(string path, List<string> failed)
    {
        try
        {
            File.WriteAllText(path, "0");
        }
        catch (FileNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failed.Add(path);
        }
    }
}
