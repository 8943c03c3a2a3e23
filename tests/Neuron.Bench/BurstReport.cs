namespace Neuron.Bench;

/// <summary>
/// The 1,000-submission burst: what was accepted, finished, lost, wrong or run twice, how the stack held up, where the
/// CPU went (ms per run by part), the app's storage operations per run by "service kind", and the bare-process rate
/// measured just before and after it on the same machine (python3 processes per second).
/// </summary>
public sealed record BurstReport(
    int Fired, int Accepted, int Completed, int Lost, int Wrong, int RunTwice,
    Stats Submit, double SubmittedSeconds, double DrainedSeconds, Stats Health,
    double FunctionsPeakMb, double RunnerPeakMb, long RunnerExecutions,
    IReadOnlyDictionary<string, double> CpuMsPerRun, IReadOnlyDictionary<string, double> StorageOperationsPerRun,
    IReadOnlyList<double> BarePerSecond)
{
    /// <summary>Submissions fired to all final, per second.</summary>
    public double RunsPerSecond => Fired / DrainedSeconds;

    public double BareRunsPerSecond => BarePerSecond.Count == 0 ? double.NaN : BarePerSecond.Average();
}
