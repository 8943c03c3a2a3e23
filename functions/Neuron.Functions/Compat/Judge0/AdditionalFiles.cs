using System.IO.Compression;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0's <c>additional_files</c>: a Base64-encoded .zip whose files are placed beside the program. Bounded before
/// anything is inflated past the bound: at most <see cref="MaxFiles"/> files and the given number of bytes
/// in all once inflated (a zip bomb stops at the bound). Files must sit at the archive's root and be UTF-8 text —
/// Neuron's files are text.
/// </summary>
public static class AdditionalFiles
{
    public const int MaxFiles = 31;

    public static (IReadOnlyList<SourceFile>? Files, string? Error) Read(string base64, long maxBytes)
    {
        if (Judge0Base64.Decode(base64) is not { } zip)
            return (null, "is not valid Base64");
        var files = new List<SourceFile>();
        long total = 0;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.EndsWith('/'))
                    continue; // a folder entry
                if (entry.FullName.Contains('/') || entry.FullName.Contains('\\'))
                    return (null, $"'{Http.Problems.Echo(entry.FullName)}' is in a folder; Neuron places files beside the program only");
                if (files.Count == MaxFiles)
                    return (null, $"holds more than {MaxFiles} files");
                using var content = entry.Open();
                using var text = new MemoryStream();
                var chunk = new byte[8192];
                int read;
                while ((read = content.Read(chunk, 0, chunk.Length)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                        return (null, $"holds more than {maxBytes} bytes once extracted");
                    text.Write(chunk, 0, read);
                }
                if (Utf8Text.TryDecode(text.ToArray()) is not { } decoded)
                    return (null, "holds a file that is not UTF-8 text");
                files.Add(new SourceFile(entry.FullName, decoded));
            }
        }
        catch (InvalidDataException)
        {
            return (null, "is not a valid .zip archive");
        }
        return (files, null);
    }
}
