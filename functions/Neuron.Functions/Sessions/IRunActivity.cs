namespace Neuron.Functions.Sessions;

/// <summary>
/// What the session rule needs to know of a run: whether it is still queued or running. The run's lifecycle answers
/// (<c>Runs.RunLifecycle</c>), so that Runs depends on Sessions and not the reverse.
/// </summary>
public interface IRunActivity
{
    Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken);
}
