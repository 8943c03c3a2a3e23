namespace Neuron.Functions.Compat.Piston;

/// <summary>Linux signal numbers by the names Piston reports (<c>"SIGKILL"</c>).</summary>
public static class PistonSignals
{
    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV",
        "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU",
        "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    public const string Kill = "SIGKILL";

    public static string? NameOf(int? signal) => signal is > 0 and < 32 ? Names[signal.Value] : signal is null ? null : $"SIG{signal}";
}
