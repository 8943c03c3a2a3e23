namespace Neuron.Functions.Runs;

/// <summary>
/// Where a final run with a callback is handed over for delivery: a queue message for attempt
/// <c>attempt</c>, visible after <c>delay</c> (the webhooks' queue implements it). Never a delivery itself, so a slow
/// receiver cannot hold up a dispatch.
/// </summary>
public interface IRunCallbackScheduler
{
    Task ScheduleAsync(string runId, int attempt, TimeSpan delay, CancellationToken cancellationToken);
}
