namespace Neuron.Runner.Sandbox;

/// <summary>One job for the in-container launcher, already resolved against the language and limits.</summary>
public sealed record LauncherJob
{
    public required IReadOnlyList<KeyValuePair<string, byte[]>> Files { get; init; }
    /// <summary>Precompiled files from the compile cache; when present the compile step is skipped.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Artifacts { get; init; } = [];
    public IReadOnlyList<string>? Compile { get; init; }
    public required IReadOnlyList<string> Run { get; init; }
    public IReadOnlyList<string> Args { get; init; } = [];
    /// <summary>What the container's warm process needs to run the program itself (its path; the args follow); null: start cold.</summary>
    public IReadOnlyList<string>? WarmRun { get; init; }
    /// <summary>The compiler arguments the container's warm compiler takes instead of <see cref="Compile"/>; null: compile cold.</summary>
    public IReadOnlyList<string>? WarmCompile { get; init; }
    /// <summary>How long a step waits for a booting warm process to be ready before it runs cold.</summary>
    public int WarmWaitMs { get; init; }
    public byte[] Stdin { get; init; } = [];
    public required int TimeMs { get; init; }
    public required int CpuMs { get; init; }
    public required int CompileTimeMs { get; init; }
    public required int OutputBytes { get; init; }
    public required long FileSizeBytes { get; init; }
    public required int OpenFiles { get; init; }
    /// <summary>Ask the launcher to hand back what a successful compile produced.</summary>
    public bool CollectArtifacts { get; init; }
    /// <summary>Files the launcher hands back from the output folder after the run, at most; 0: none, and no folder.</summary>
    public int OutputFiles { get; init; }
    /// <summary>Bytes of those files together, at most.</summary>
    public int OutputFileBytes { get; init; }

    /// <summary>
    /// The longest the launcher may legitimately take, before the agent's margin: each step's limit, and the wait of
    /// each step handed to a warm process (which is not the step's time).
    /// </summary>
    public TimeSpan Budget
    {
        get
        {
            var compiles = Compile is not null && Artifacts.Count == 0;
            var compileMs = compiles ? CompileTimeMs + (WarmCompile is null ? 0 : WarmWaitMs) : 0;
            return TimeSpan.FromMilliseconds(TimeMs + (WarmRun is null ? 0 : WarmWaitMs) + compileMs);
        }
    }
}
