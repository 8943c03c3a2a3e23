namespace Neuron.Bench;

/// <summary>One round of <see cref="ColdStartBenchmark"/>; every time is milliseconds from the processes' start.</summary>
public sealed record ColdStartRow(
    int Round,
    double AppFirstRequestMs,
    string Source,
    string PythonVersion,
    IReadOnlyDictionary<string, double> FirstWarmRunMs,
    double FirstRunMs,
    string FirstRunVersion,
    double RunnerHealthyMs,
    double AppAgainFirstRequestMs,
    string AgainSource,
    string AgainPythonVersion,
    double AppAgainFirstRunMs,
    string AgainRunVersion);
