namespace Neuron.Runner.Contracts;

/// <summary>A submission for the runner: <see cref="Source"/> for one file, or <see cref="Files"/> for several.</summary>
public sealed record ExecuteRequest(
    string Language,
    string? Source = null,
    IReadOnlyList<SourceFile>? Files = null,
    string? Stdin = null,
    IReadOnlyList<string>? Args = null,
    RunLimits? Limits = null);

public sealed record SourceFile(string Name, string Content);

/// <summary>Limits a caller may request; null means the language's default.</summary>
public sealed record RunLimits(int? TimeMs = null, int? MemoryMb = null, int? OutputKb = null);
