namespace Neuron.Runner.Contracts;

/// <summary>
/// An entry of the output folder the runner did not return, and why (<see cref="OutputFileLimits"/>):
/// <c>symlink</c>, <c>not a regular file</c>, <c>name</c> (not a plain name), <c>too many files</c>, <c>too large</c>
/// (past the total), <c>unreadable</c>, or <c>not a folder</c> for <c>out</c> itself.
/// </summary>
public sealed record OmittedOutputFile(string Name, string Reason);
