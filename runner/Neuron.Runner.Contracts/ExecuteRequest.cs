namespace Neuron.Runner.Contracts;

/// <summary>
/// A submission for the runner: <see cref="Source"/> for one file, or <see cref="Files"/> for several.
/// <see cref="RunId"/> identifies the run across retried dispatches; <see cref="Tenant"/> is who pays for it (the API
/// key's public id), which the runner uses to share its sandboxes fairly. Both are optional for direct callers.
/// With <see cref="Tests"/> the program is compiled once and run once per case (each with its stdin, in a fresh
/// scratch directory, under the run's limits); <see cref="StopOnFirstFailure"/> skips the cases after the first that
/// fails. <see cref="Stdin"/> then stays null: each case has its own.
/// </summary>
public sealed record ExecuteRequest(
    string Language,
    string? Source = null,
    IReadOnlyList<SourceFile>? Files = null,
    string? Stdin = null,
    IReadOnlyList<string>? Args = null,
    RunLimits? Limits = null,
    string? RunId = null,
    string? Tenant = null,
    IReadOnlyList<TestCaseInput>? Tests = null,
    bool? StopOnFirstFailure = null);

public sealed record SourceFile(string Name, string Content);

/// <summary>Limits a caller may request; null means the language's default.</summary>
public sealed record RunLimits(int? TimeMs = null, int? MemoryMb = null, int? OutputKb = null);
