namespace Neuron.Functions.Burst;

/// <summary>Where the controller tells the dispatcher which burst runners are up (<see cref="Runners.RunnerDirectory"/>).</summary>
public interface IBurstRunnerPublisher
{
    /// <summary>Replaces the published set with <paramref name="runners"/>.</summary>
    Task PublishAsync(IReadOnlyCollection<BurstRunner> runners, CancellationToken cancellationToken);
}
