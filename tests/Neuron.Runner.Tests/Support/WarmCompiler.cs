namespace Neuron.Runner.Tests.Support;

/// <summary>A language's warm compiler run by hand in its image (<see cref="ImageShell"/>), as the launcher would run it.</summary>
public static class WarmCompiler
{
    /// <summary>
    /// Shell that starts <paramref name="command"/> with <paramref name="args"/> as its job: fd 3 is a file whose first
    /// byte the ready byte overwrites, and whose rest, the arguments NUL-separated, it then reads to the end.
    /// </summary>
    public static string ShellCommand(IEnumerable<string> command, IEnumerable<string> args) =>
        $"printf x > /tmp/job && printf '%s\\000' {ImageShell.Command(args)} >> /tmp/job && {ImageShell.Command(command)} 3<>/tmp/job";
}
