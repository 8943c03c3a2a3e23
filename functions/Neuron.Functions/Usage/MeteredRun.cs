namespace Neuron.Functions.Usage;

/// <summary>
/// What metering needs of a final run: whose it is, the day its quota was taken from, its verdict, its CPU time and
/// its price in micro-credits (decided by the price in force when it was accepted).
/// </summary>
public sealed record MeteredRun(string RunId, string KeyId, DateTimeOffset SubmittedAt, string Verdict, long CpuMs, long ChargeMicroCredits);
