namespace Neuron.Bench;

/// <summary>The 1,000-submission burst: what was accepted, finished, lost, wrong or run twice, and how the stack held up.</summary>
public sealed record BurstReport(
    int Fired, int Accepted, int Completed, int Lost, int Wrong, int RunTwice,
    Stats Submit, double SubmittedSeconds, double DrainedSeconds, Stats Health,
    double FunctionsPeakMb, double RunnerPeakMb, long RunnerExecutions);
