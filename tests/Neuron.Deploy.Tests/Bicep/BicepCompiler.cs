using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Neuron.Deploy.Tests.Bicep;

/// <summary>The real bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package.</summary>
public static partial class BicepCompiler
{
    public sealed record Compilation(int ExitCode, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, string Output, JsonNode? Template);

    private static readonly ConcurrentDictionary<string, Lazy<Task<Compilation>>> Builds = new(StringComparer.Ordinal);

    /// <summary>
    /// The compilation of a repository .bicep file, made once per test run; the first call
    /// starts every file compiling at once (the compiler is slow to start, the machine has cores).
    /// </summary>
    public static Task<Compilation> BuildOnceAsync(string bicepFile)
    {
        if (Builds.IsEmpty)
        {
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Bicep, "*.bicep", SearchOption.AllDirectories))
            {
                _ = Builds.GetOrAdd(Path.GetFullPath(file), f => new Lazy<Task<Compilation>>(() => Task.Run(() => BuildAsync(f)))).Value;
            }
        }

        return Builds.GetOrAdd(Path.GetFullPath(bicepFile), f => new Lazy<Task<Compilation>>(() => Task.Run(() => BuildAsync(f)))).Value;
    }

    public static async Task<Compilation> BuildAsync(string bicepFile, IDictionary<string, string?>? environment = null)
    {
        var isParams = bicepFile.EndsWith(".bicepparam", StringComparison.Ordinal);
        var outFile = Path.Combine(Path.GetTempPath(), $"neuron-bicep-{Guid.NewGuid():N}.json");
        try
        {
            var result = await ProcessRunner.RunAsync(
                Executable(),
                [isParams ? "build-params" : "build", bicepFile, "--outfile", outFile],
                TimeSpan.FromMinutes(3),
                environment);
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var template = File.Exists(outFile) ? JsonNode.Parse(await File.ReadAllTextAsync(outFile)) : null;
            return new Compilation(
                result.ExitCode,
                lines.Where(l => ErrorLine().IsMatch(l)).ToList(),
                lines.Where(l => WarningLine().IsMatch(l)).ToList(),
                result.Output,
                template);
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    /// <summary>The compiler's path; fails (never skips) when the package did not restore.</summary>
    public static string Executable()
    {
        var path = RepoPaths.BicepCompiler;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"bicep compiler not found at {path}: restore Azure.Bicep.CommandLine.linux-x64.");
        }

        // NuGet extraction does not keep the executable bit.
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }

    [GeneratedRegex(@"\) : Error ")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"\) : Warning ")]
    private static partial Regex WarningLine();
}
