namespace Neuron.Runner.Sandbox;

/// <summary>
/// The container cannot take the run as asked before anything of it started (under runsc: its memory cannot be
/// lowered to the run's limit, because gVisor's Sentry still holds more than that): the run may go to another
/// container, and this one is replaced.
/// </summary>
public sealed class SandboxUnfitException(string message, Exception inner) : IOException(message, inner);
