using Neuron.Functions.Burst;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Hosting;

/// <summary>
/// The non-HTTP functions' entry points, shared by both trigger plumbings: the Functions host's invocation
/// requests (<see cref="InvocationApi"/>) and local mode's own listener and timer. A thrown exception fails the
/// invocation (the queue retries it).
/// </summary>
public sealed class FunctionInvoker(RunDispatcher dispatcher, PoisonedRunHandler poison, RunSweeper sweeper, BurstController burst)
{
    public async Task<string> DispatchRunAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        var message = RunMessage.Parse(trigger.MessageText);
        var outcome = await dispatcher.DispatchAsync(message, trigger.DequeueCount, cancellationToken);
        return $"Run {message.RunId}: {outcome}";
    }

    public async Task<string> FailPoisonedRunAsync(QueueTrigger trigger, CancellationToken cancellationToken)
    {
        var message = RunMessage.Parse(trigger.MessageText);
        var failed = await poison.FailAsync(message, cancellationToken);
        return failed ? $"Run {message.RunId}: failed (poisoned)" : $"Run {message.RunId}: already final";
    }

    public async Task<string> SweepRunsAsync(CancellationToken cancellationToken)
    {
        var report = await sweeper.SweepAsync(cancellationToken);
        return $"Sweep: {report.Requeued} requeued, {report.Failed} failed";
    }

    /// <summary>Burst capacity on Azure Container Instances; does nothing unless <c>Burst:Enabled</c>.</summary>
    public async Task<string> ScaleBurstCapacityAsync(CancellationToken cancellationToken)
    {
        var plan = await burst.RunAsync(cancellationToken);
        return plan is null ? "Burst: disabled" : $"Burst: {plan.Desired} wanted, {plan.Create} created, {plan.Delete.Count} deleted";
    }
}
