namespace Neuron.Runner.Languages;

/// <summary>
/// A language's warm start: <see cref="Command"/> followed by the text of <see cref="Bootstrap"/> (a file in
/// <c>Languages/Warm/</c>) is an interpreter that boots, then waits on fd 3 for the program to run (see launcher.c).
/// </summary>
public sealed record WarmStart(IReadOnlyList<string> Command, string Bootstrap);
