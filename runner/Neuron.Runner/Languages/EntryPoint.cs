namespace Neuron.Runner.Languages;

/// <summary>The file a program's source must be saved as, and what its run command names (a class, a unit).</summary>
public sealed record EntryPoint(string FileName, string Target);
