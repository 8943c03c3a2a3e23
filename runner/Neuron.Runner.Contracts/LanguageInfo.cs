namespace Neuron.Runner.Contracts;

/// <summary>A language as the runner advertises it on <c>GET /v1/languages</c>.</summary>
public sealed record LanguageInfo(
    string Id,
    string Name,
    string Version,
    IReadOnlyList<string> Aliases,
    bool Compiled,
    string FileName,
    LimitSet DefaultLimits,
    LimitSet MaxLimits)
{
    /// <summary>The OCI runtime its sandboxes run under: runc, runsc (gVisor) or static; null while the runner has not said.</summary>
    public string? Runtime { get; init; }
}

public sealed record LimitSet(int TimeMs, int MemoryMb, int OutputKb);
