using System.Diagnostics;

namespace Neuron.Chaos.Tests;

/// <summary>Runs a command to completion within a bound; a non-zero exit is an error carrying its output.</summary>
public static class Command
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan bound, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Neuron.Testing.RepoRoot.Path,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(bound);
        var text = await output + await errors;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {text}");
    }
}
