namespace Neuron.Cost;

/// <summary>One step of the first run after an idle night (scaleToZero), with its typical and worst duration.</summary>
public sealed record ColdPathPhase(string Step, double TypicalSeconds, double WorstSeconds);
