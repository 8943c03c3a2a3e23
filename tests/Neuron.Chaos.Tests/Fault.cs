namespace Neuron.Chaos.Tests;

/// <summary>
/// One fault: <see cref="InjectAsync"/> breaks something while runs are in flight and restores the stack the way
/// infra/up would (start again what died); <see cref="AfterFinalAsync"/>, if any, acts again once every run is final.
/// <see cref="MayLoseRuns"/> only for the storage emulator's own hard kill. <see cref="CutsRunnerLog"/>: a runner killed
/// outright may lose its last log lines, the evidence of its last executions.
/// </summary>
public sealed record Fault(
    string Name,
    Func<ChaosFixture, IReadOnlyList<string>, Task> InjectAsync,
    Func<ChaosFixture, IReadOnlyList<string>, Task>? AfterFinalAsync = null,
    bool MayLoseRuns = false,
    bool CutsRunnerLog = false)
{
    public override string ToString() => Name;
}
