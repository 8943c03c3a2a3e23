using Neuron.Functions.Burst;

namespace Neuron.Deploy.Tests.Burst;

/// <summary>What the controller published on each tick, in order.</summary>
public sealed class PublishedRunners : IBurstRunnerPublisher
{
    private readonly List<IReadOnlyCollection<BurstRunner>> _ticks = [];

    public IReadOnlyList<IReadOnlyCollection<BurstRunner>> Ticks => _ticks;

    public Task PublishAsync(IReadOnlyCollection<BurstRunner> runners, CancellationToken cancellationToken)
    {
        _ticks.Add([.. runners]);
        return Task.CompletedTask;
    }
}
