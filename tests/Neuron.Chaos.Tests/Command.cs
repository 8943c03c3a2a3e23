using Neuron.Testing;

namespace Neuron.Chaos.Tests;

/// <summary>Runs a command to completion within a bound (<see cref="ProcessRunner"/>); a non-zero exit is an error carrying its output.</summary>
public static class Command
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, TimeSpan bound, IReadOnlyDictionary<string, string>? environment = null)
    {
        var arguments = args.ToList();
        var result = await ProcessRunner.RunAsync(file, arguments, bound, environment?.ToDictionary(e => e.Key, e => (string?)e.Value));
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {result.ExitCode}: {result.Output}");
    }
}
