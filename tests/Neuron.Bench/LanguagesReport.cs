namespace Neuron.Bench;

/// <summary>
/// <see cref="LanguagesBenchmark"/>'s figures: memory at idle with every language kept warm and with the shipped pool
/// configuration, and one row per language.
/// </summary>
public sealed record LanguagesReport(IdleMemory? AllWarm, IdleMemory Shipped, IReadOnlyList<LanguageRow> Rows, IReadOnlyList<string> Failed, double MinutesTaken);

/// <summary>The agent's resident memory and its sandboxes' cgroup memory, at idle.</summary>
public sealed record IdleMemory(string Pools, int Containers, double AgentMb, double ContainersMb);
