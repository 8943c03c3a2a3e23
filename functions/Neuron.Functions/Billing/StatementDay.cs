namespace Neuron.Functions.Billing;

/// <summary>
/// One UTC day of a statement (or its total): runs and CPU milliseconds, per verdict too, the micro-credits charged
/// for the runs accepted that day and topped up that day, and the balance at the day's end.
/// </summary>
public sealed record StatementDay(
    string Date, long Runs, long CpuMs, IReadOnlyDictionary<string, VerdictUsage> Verdicts, long ChargedMicroCredits, long TopUpMicroCredits,
    long ClosingMicroCredits);
