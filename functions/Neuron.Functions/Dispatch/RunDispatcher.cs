using System.Diagnostics;
using Microsoft.Extensions.Options;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The <c>DispatchRun</c> function: claims a queued run under its ETag (of two dispatchers handed the same message,
/// exactly one wins), calls the runner, stores the result. A busy or unreachable runner releases the claim and throws
/// <see cref="RunnerUnavailableException"/> so that the queue retries later. A final run is metered
/// (<see cref="Usage.UsageMeter"/>, exactly once per run): after its final write, and again whenever a message of an
/// already final run arrives, so that a dispatcher that died between the two is made up for by the queue's retry;
/// <see cref="RunFinisher"/> does both, and gives the key's in-flight place back.
/// </summary>
public sealed class RunDispatcher(
    RunStore store, RunnerRouter runner, RunFinisher finisher, TimeProvider time,
    IOptions<DispatchOptions> dispatchOptions, IOptions<RunnerOptions> runnerOptions, ILogger<RunDispatcher> logger)
{
    public static readonly ActivitySource Activity = new("Neuron.Functions");

    public async Task<DispatchOutcome> DispatchAsync(RunMessage message, int dequeueCount, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("dispatch run", ActivityKind.Consumer, message.Traceparent);
        activity?.SetTag("neuron.run_id", message.RunId);

        var run = await store.GetAsync(message.RunId, includeInputs: true, cancellationToken);
        if (run is null)
        {
            // A run's row is written before its message (RunSubmitter), so no row means the run was withdrawn.
            logger.LogWarning("Run {RunId} not found (withdrawn); dropping its message", message.RunId);
            return DispatchOutcome.UnknownRun;
        }
        if (run.IsFinal)
        {
            await finisher.SettleAsync(run, cancellationToken);
            return DispatchOutcome.AlreadyFinal;
        }
        var now = time.GetUtcNow();
        if (run.Status == RunStatus.Running && run.LeaseUntil > now)
            return DispatchOutcome.OwnedElsewhere;

        var claimed = await store.TryReplaceAsync(RunTransitions.Claim(run, now, TimeSpan.FromSeconds(dispatchOptions.Value.LeaseSeconds)), cancellationToken);
        if (claimed is null)
        {
            logger.LogInformation("Run {RunId} claimed by another dispatcher", run.Id);
            return DispatchOutcome.LostRace;
        }
        logger.LogInformation("Run {RunId} running ({Language}, attempt {Attempt}, dequeue {DequeueCount})", run.Id, run.Language, claimed.Attempts, dequeueCount);

        RunnerOutcome outcome;
        try
        {
            var request = new ExecuteRequest(run.Language, run.Source, Stdin: run.Stdin, Args: run.Args, Limits: run.Limits, RunId: run.Id, Tenant: run.KeyId ?? run.Caller);
            outcome = await runner.ExecuteAsync(request, TimeSpan.FromSeconds(runnerOptions.Value.ExecuteTimeoutSeconds), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the run back at once rather than leave it to the sweeper.
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.TryReplaceAsync(RunTransitions.Release(claimed, time.GetUtcNow()), release.Token);
            throw;
        }

        switch (outcome)
        {
            case RunnerOutcome.Executed executed:
                var completed = RunTransitions.Complete(claimed, executed.Result, time.GetUtcNow());
                if (await store.TryReplaceAsync(completed, cancellationToken) is null)
                {
                    logger.LogWarning("Run {RunId} changed while it ran (sweeper?); result discarded", run.Id);
                    return DispatchOutcome.LostRace;
                }
                logger.LogInformation("Run {RunId} {Status} with verdict {Verdict} in {WallMs} ms", run.Id, completed.Status, completed.Verdict, executed.Result.WallMs);
                await finisher.FinishedAsync(completed, cancellationToken);
                return DispatchOutcome.Completed;

            case RunnerOutcome.Rejected rejected:
                var failed = RunTransitions.Fail(claimed, $"The runner refused the run ({rejected.StatusCode}): {rejected.Detail}", time.GetUtcNow());
                if (await store.TryReplaceAsync(failed, cancellationToken) is null)
                    return DispatchOutcome.LostRace;
                logger.LogWarning("Run {RunId} failed: runner refused it with {StatusCode}", run.Id, rejected.StatusCode);
                await finisher.FinishedAsync(failed, cancellationToken);
                return DispatchOutcome.Rejected;

            case RunnerOutcome.Unavailable unavailable:
                await store.TryReplaceAsync(RunTransitions.Release(claimed, time.GetUtcNow()), cancellationToken);
                logger.LogWarning("Run {RunId} queued again: {Reason}", run.Id, unavailable.Reason);
                throw new RunnerUnavailableException(unavailable.Reason, unavailable.RetryAfter);

            default:
                throw new UnreachableException();
        }
    }
}
