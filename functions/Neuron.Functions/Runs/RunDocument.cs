using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>What clients see of a run (<c>GET /api/runs/{id}</c>). <see cref="TimeMs"/> is wall time.</summary>
public sealed record RunDocument(
    string Id,
    string Status,
    string? Verdict,
    string Language,
    string Version,
    string Stdout,
    string Stderr,
    string CompileOutput,
    bool StdoutTruncated,
    bool StderrTruncated,
    int? ExitCode,
    int? Signal,
    int? TimeMs,
    int? CpuMs,
    long? MemoryKb,
    RunLimits Limits,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public static RunDocument From(RunRecord run) => new(
        run.Id, run.Status, run.Verdict, run.Language, run.Version,
        run.Stdout, run.Stderr, run.CompileOutput, run.StdoutTruncated, run.StderrTruncated,
        run.ExitCode, run.Signal, run.TimeMs, run.CpuMs, run.MemoryKb,
        run.Limits, run.Error, run.CreatedAt, run.StartedAt, run.FinishedAt);
}
