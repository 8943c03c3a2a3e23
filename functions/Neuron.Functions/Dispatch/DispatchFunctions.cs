using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Runs;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The queue and timer functions of a run's way to a runner. A thrown exception fails the invocation: the queue
/// retries the message after its visibility timeout and poisons it after <c>maxDequeueCount</c> (host.json).
/// </summary>
public sealed class DispatchFunctions(RunDispatcher dispatcher, PoisonedRunHandler poison, RunSweeper sweeper, ILogger<DispatchFunctions> logger)
{
    [Function("DispatchRun")]
    public async Task DispatchRunAsync([QueueTrigger(StorageOptions.RunsQueueName, Connection = StorageOptions.Connection)] QueueMessage message, CancellationToken cancellationToken)
    {
        var run = RunMessage.Parse(message.MessageText);
        var outcome = await dispatcher.DispatchAsync(run, (int)message.DequeueCount, cancellationToken);
        logger.LogDebug("Run {RunId}: dispatch {Outcome}", run.RunId, outcome);
    }

    [Function("FailPoisonedRun")]
    public async Task FailPoisonedRunAsync([QueueTrigger(StorageOptions.PoisonQueueName, Connection = StorageOptions.Connection)] QueueMessage message, CancellationToken cancellationToken)
    {
        var run = RunMessage.Parse(message.MessageText);
        var failed = await poison.FailAsync(run, cancellationToken);
        logger.LogDebug("Run {RunId}: poisoned message {Outcome}", run.RunId, failed ? "failed the run" : "found it final");
    }

    /// <summary>Every 10 seconds: recover runs stuck in queued or running.</summary>
    [Function("SweepRuns")]
    public async Task SweepRunsAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var report = await sweeper.SweepAsync(cancellationToken);
        if (report.Requeued + report.Failed > 0)
            logger.LogInformation("Sweep: {Requeued} requeued, {Failed} failed", report.Requeued, report.Failed);
    }
}
