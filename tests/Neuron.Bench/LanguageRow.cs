namespace Neuron.Bench;

/// <summary>
/// One language of <see cref="LanguagesBenchmark"/>: its first run with no idle container (null for a warm pool),
/// hello world end to end on an idle container, and the floor: the same compile and run as a bare process in its image.
/// </summary>
public sealed record LanguageRow(string Language, string Name, string Version, IReadOnlyList<string> Aliases, bool Warm, double? ColdMs, Stats Api, Stats Floor);
