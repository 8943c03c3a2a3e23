namespace Neuron.Functions.Usage;

/// <summary>What metering needs of a final run: whose it is, the day its quota was taken from, its verdict and CPU time.</summary>
public sealed record MeteredRun(string RunId, string KeyId, DateTimeOffset SubmittedAt, string Verdict, long CpuMs);
