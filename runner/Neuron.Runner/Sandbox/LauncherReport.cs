using System.Globalization;
using System.Text;

namespace Neuron.Runner.Sandbox;

/// <summary>The facts a launcher reported about one job; the agent turns them into a verdict.</summary>
public sealed class LauncherReport
{
    private readonly Dictionary<string, byte[]> _fields = new(StringComparer.Ordinal);

    public LauncherReport(IReadOnlyList<(string Tag, byte[] Value)> fields)
    {
        var artifacts = new List<KeyValuePair<string, byte[]>>();
        var outputFiles = new List<KeyValuePair<string, byte[]>>();
        var refused = new List<KeyValuePair<string, string>>();
        foreach (var (tag, value) in fields)
        {
            if (tag == "artifact" && Named(value) is { } artifact)
                artifacts.Add(artifact);
            else if (tag == "outfile" && Named(value) is { } file)
                outputFiles.Add(file);
            else if (tag == "outfile_refused" && Named(value) is { } refusal)
                refused.Add(new(refusal.Key, Encoding.UTF8.GetString(refusal.Value)));
            else
                _fields[tag] = value;
        }
        Artifacts = artifacts;
        OutputFiles = outputFiles;
        RefusedOutputFiles = refused;
    }

    public IReadOnlyList<KeyValuePair<string, byte[]>> Artifacts { get; }
    /// <summary>The regular files the program left in its output folder, by name, within the job's bounds.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> OutputFiles { get; }
    /// <summary>Entries of the output folder the launcher did not hand back, with its reason (the first few).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RefusedOutputFiles { get; }
    /// <summary>Refused entries beyond those listed.</summary>
    public int RefusedOutputFilesUnlisted => (int)Number("outfile_refused_more");

    public string? Error => Text("error");
    public string? Version => Text("version");
    public bool Pong => Has("pong");
    public bool Clean => Number("clean") == 1;
    public string DirtyReason =>
        Number("dirty_processes") > 0 ? "leftover_process" : Number("dirty_files") > 0 ? "leftover_files" : Has("dirty_ipc") ? "leftover_ipc" : "leftover_unknown";

    /// <summary>Whether <paramref name="dirtyReason"/> is the launcher's own report that its container is not clean.</summary>
    public static bool IsLeftover(string dirtyReason) => dirtyReason.StartsWith("leftover_", StringComparison.Ordinal);

    public bool Compiled => Has("compile_exited");
    public StepFacts CompileStep => new(this, "compile_");
    public string CompileOutput => Text("compile_output") ?? "";

    public bool Ran => Has("exited");
    public StepFacts RunStep => new(this, "");
    public byte[] Stdout => Bytes("stdout");
    public byte[] Stderr => Bytes("stderr");
    public bool StdoutTruncated => Number("stdout_truncated") == 1;
    public bool StderrTruncated => Number("stderr_truncated") == 1;

    /// <summary>A "name\0content" field; null without a name.</summary>
    private static KeyValuePair<string, byte[]>? Named(byte[] value)
    {
        var nul = Array.IndexOf(value, (byte)0);
        return nul > 0 ? new(Encoding.UTF8.GetString(value, 0, nul), value[(nul + 1)..]) : null;
    }

    internal bool Has(string tag) => _fields.ContainsKey(tag);
    internal byte[] Bytes(string tag) => _fields.TryGetValue(tag, out var v) ? v : [];
    internal string? Text(string tag) => _fields.TryGetValue(tag, out var v) ? Encoding.UTF8.GetString(v) : null;
    internal long Number(string tag) =>
        _fields.TryGetValue(tag, out var v) && long.TryParse(Encoding.ASCII.GetString(v), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
}

/// <summary>Facts about one step (compile or run) of a job.</summary>
public readonly struct StepFacts(LauncherReport report, string prefix)
{
    public bool Exited => report.Number(prefix + "exited") == 1;
    public int ExitCode => (int)report.Number(prefix + "exit");
    public int Signal => (int)report.Number(prefix + "signal");
    public bool TimedOut => report.Number(prefix + "timeout") == 1;
    public bool CpuExceeded => report.Number(prefix + "cpu_exceeded") == 1;
    public bool OutOfMemory => report.Number(prefix + "oom") == 1;
    /// <summary>The container's memory use hit its limit during the step (the kernel had to reclaim).</summary>
    public bool MemoryPressed => report.Number(prefix + "memory_pressed") == 1;
    public bool OutputExceeded => report.Number(prefix + "output_exceeded") == 1;
    public bool SpawnFailed => report.Number(prefix + "spawn_failed") == 1;
    /// <summary>The step was handed to the container's pre-started interpreter or compiler (see launcher.c, warm start).</summary>
    public bool Warm => report.Number(prefix + "warm") == 1;
    public int WallMs => (int)report.Number(prefix + "wall_ms");
    public int CpuMs => (int)report.Number(prefix + "cpu_ms");
    public long MemoryKb => report.Number(prefix + "mem_kb");
    public bool Succeeded => Exited && ExitCode == 0 && !TimedOut && !OutOfMemory && !SpawnFailed;
}
