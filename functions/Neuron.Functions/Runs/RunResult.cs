using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// What the runner reported of a run, as the app keeps it: from <see cref="ExecuteResult"/> (<see cref="From"/>) to the
/// stored row (<see cref="RunEntityMapper"/>) to the API document, whose top level it is (<see cref="RunDocument"/>
/// derives from it, so that its JSON stays flat). <see cref="None"/> until the runner answered. <see cref="TimeMs"/> is
/// wall time.
/// </summary>
/// <remarks>Not sealed only so that <see cref="RunDocument"/> can carry these properties at its top level.</remarks>
public record RunResult
{
    public static RunResult None { get; } = new()
    {
        Stdout = "",
        Stderr = "",
        CompileOutput = "",
        StdoutTruncated = false,
        StderrTruncated = false,
        ExitCode = null,
        Signal = null,
        TimeMs = null,
        CpuMs = null,
        MemoryKb = null,
    };

    public required string Stdout { get; init; }
    public required string Stderr { get; init; }
    public required string CompileOutput { get; init; }
    public required bool StdoutTruncated { get; init; }
    public required bool StderrTruncated { get; init; }
    public required int? ExitCode { get; init; }
    public required int? Signal { get; init; }
    public required int? TimeMs { get; init; }
    public required int? CpuMs { get; init; }
    public required long? MemoryKb { get; init; }
    /// <summary>The compiled program came from the runner's compile cache (a cheaper run: <c>Billing</c>).</summary>
    /// <remarks>Not <c>required</c> in C# (false unless the runner says so), but always in the JSON.</remarks>
    [System.Text.Json.Serialization.JsonRequired]
    public bool CompileCached { get; init; }
    /// <summary>The OCI runtime the runner's sandbox ran it under (runc, runsc: gVisor, static); null until the runner answered.</summary>
    /// <remarks>Not <c>required</c> in C# (null until the runner answered), but always in the JSON.</remarks>
    [System.Text.Json.Serialization.JsonRequired]
    public string? Runtime { get; init; }
    /// <summary>A run with test cases: each case's result, in order (outputs bounded); null for a run without.</summary>
    /// <remarks>Not <c>required</c> in C# (a result without cases needs not say so), but always in the JSON.</remarks>
    [System.Text.Json.Serialization.JsonRequired]
    public IReadOnlyList<TestCaseResult>? Tests { get; init; }
    /// <summary>The files the program wrote to its output folder (<c>out/</c>), by name, each fetched with the run's key; null for none.</summary>
    /// <remarks>Not <c>required</c> in C# (none unless the runner returned some), but always in the JSON.</remarks>
    [System.Text.Json.Serialization.JsonRequired]
    public IReadOnlyList<RunOutputFile>? OutputFiles { get; init; }
    /// <summary>Entries of the output folder that were not returned, with the reason (the first 16: <see cref="OutputFileLimits"/>); null for none.</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public IReadOnlyList<OmittedOutputFile>? OmittedOutputFiles { get; init; }
    /// <summary>How many entries were not returned, listed or not.</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public int OmittedOutputFileCount { get; init; }

    /// <summary>The runner's wire result; its verdict and version are the run's (<see cref="RunTransitions.Complete"/>).</summary>
    public static RunResult From(ExecuteResult result) => new()
    {
        Stdout = result.Stdout,
        Stderr = result.Stderr,
        CompileOutput = result.CompileOutput,
        StdoutTruncated = result.StdoutTruncated,
        StderrTruncated = result.StderrTruncated,
        ExitCode = result.ExitCode,
        Signal = result.Signal,
        TimeMs = result.WallMs,
        CpuMs = result.CpuMs,
        MemoryKb = result.MemoryKb,
        CompileCached = result.CompileCached,
        Runtime = result.Runtime,
        Tests = result.Tests,
        OutputFiles = result.OutputFiles.Count == 0 ? null : [.. result.OutputFiles.Select(RunOutputFile.From)],
        OmittedOutputFiles = result.OmittedOutputFiles.Count == 0 ? null : result.OmittedOutputFiles,
        OmittedOutputFileCount = result.OmittedOutputFileCount,
    };
}
