using System.Globalization;
using System.Text;

namespace Neuron.Runner.Sandbox;

/// <summary>
/// The launcher's wire format: fields "&lt;tag&gt; &lt;length&gt;\n&lt;bytes&gt;", ended by "end 0\n".
/// See runner/images/launcher/launcher.c for the other side.
/// </summary>
public static class LauncherProtocol
{
    public static byte[] Ping() => Encode([("ping", [])]);

    public static byte[] Encode(LauncherJob job)
    {
        var fields = new List<(string, byte[])>
        {
            Num("time_ms", job.TimeMs), Num("cpu_ms", job.CpuMs), Num("compile_time_ms", job.CompileTimeMs),
            Num("output_bytes", job.OutputBytes), Num("compile_output_bytes", 64 * 1024),
            Num("fsize_bytes", job.FileSizeBytes), Num("nofile", job.OpenFiles), Num("collect", job.CollectArtifacts ? 1 : 0),
            Num("out_files", job.OutputFiles), Num("out_bytes", job.OutputFileBytes), Num("warm_wait_ms", job.WarmWaitMs),
        };
        fields.AddRange(job.Files.Select(f => ("file", NamedBlob(f))));
        fields.AddRange(job.Artifacts.Select(f => ("artifact", NamedBlob(f))));
        if (job.Compile is not null)
            fields.AddRange(job.Compile.Select(a => ("carg", Encoding.UTF8.GetBytes(a))));
        // The cold compile above stays the fallback: the launcher uses it when no warm compiler is ready.
        if (job.Compile is not null && job.WarmCompile is not null)
            fields.AddRange(job.WarmCompile.Select(a => ("wcarg", Encoding.UTF8.GetBytes(a))));
        fields.AddRange(job.Run.Select(a => ("rarg", Encoding.UTF8.GetBytes(a))));
        // Before the args: the launcher reads "warg" and "arg" fields together, in order.
        if (job.WarmRun is not null)
            fields.AddRange(job.WarmRun.Select(a => ("warg", Encoding.UTF8.GetBytes(a))));
        fields.AddRange(job.Args.Select(a => ("arg", Encoding.UTF8.GetBytes(a))));
        if (job.Stdin.Length > 0)
            fields.Add(("stdin", job.Stdin));
        return Encode(fields);
    }

    public static LauncherReport Decode(IReadOnlyList<(string Tag, byte[] Value)> fields) => new(fields);

    /// <summary>Reads fields until "end"; throws <see cref="EndOfStreamException"/> when the launcher hangs up early.</summary>
    public static async Task<List<(string Tag, byte[] Value)>> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var fields = new List<(string, byte[])>();
        var header = new byte[96];
        while (true)
        {
            var n = 0;
            while (true)
            {
                if (n == header.Length)
                    throw new InvalidDataException("launcher sent an overlong field header");
                await stream.ReadExactlyAsync(header.AsMemory(n, 1), cancellationToken);
                if (header[n] == (byte)'\n')
                    break;
                n++;
            }
            var text = Encoding.ASCII.GetString(header, 0, n);
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || !int.TryParse(text.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                throw new InvalidDataException($"launcher sent a malformed field header '{text}'");
            var tag = text[..space];
            if (tag == "end")
                return fields;
            var value = new byte[length];
            await stream.ReadExactlyAsync(value, cancellationToken);
            fields.Add((tag, value));
        }
    }

    private static (string, byte[]) Num(string tag, long value) => (tag, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    private static byte[] NamedBlob(KeyValuePair<string, byte[]> file)
    {
        var name = Encoding.UTF8.GetBytes(file.Key);
        var blob = new byte[name.Length + 1 + file.Value.Length];
        name.CopyTo(blob, 0);
        file.Value.CopyTo(blob, name.Length + 1);
        return blob;
    }

    private static byte[] Encode(IEnumerable<(string Tag, byte[] Value)> fields)
    {
        using var buffer = new MemoryStream();
        foreach (var (tag, value) in fields.Append(("end", [])))
        {
            buffer.Write(Encoding.ASCII.GetBytes($"{tag} {value.Length.ToString(CultureInfo.InvariantCulture)}\n"));
            buffer.Write(value);
        }
        return buffer.ToArray();
    }
}
