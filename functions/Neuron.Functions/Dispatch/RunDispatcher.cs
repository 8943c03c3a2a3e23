using System.Diagnostics;
using Microsoft.Extensions.Options;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Dispatch;

/// <summary>
/// The <c>DispatchRun</c> function: claims a queued run (of two dispatchers handed the same message, exactly one wins),
/// calls the runner, stores the result, all through <see cref="RunLifecycle"/>. A busy or unreachable runner releases
/// the claim and throws <see cref="RunnerUnavailableException"/> so that the queue retries later. A message of a run
/// already final settles it again (its in-flight place and usage, each exactly once), so that a dispatcher that died
/// between the final write and the settlement is made up for by the queue's retry.
/// </summary>
public sealed class RunDispatcher(
    RunStore store, RunLifecycle lifecycle, RunnerRouter runner, IOptions<DispatchOptions> dispatchOptions, IOptions<RunnerOptions> runnerOptions,
    ILogger<RunDispatcher> logger)
{
    public static readonly ActivitySource Activity = new("Neuron.Functions");

    public async Task<DispatchOutcome> DispatchAsync(RunMessage message, int dequeueCount, CancellationToken cancellationToken)
    {
        using var activity = Activity.StartActivity("dispatch run", ActivityKind.Consumer, message.Traceparent);
        activity?.SetTag("neuron.run_id", message.RunId);

        var lease = TimeSpan.FromSeconds(dispatchOptions.Value.LeaseSeconds);
        // A first delivery carries the run as inserted: one conditional write claims it, unless the row changed since.
        var run = dequeueCount == 1 ? message.Carried : null;
        var claimed = run is null ? null : await lifecycle.TryClaimAsync(run, lease, dequeueCount, cancellationToken, carried: true);
        if (claimed is null)
        {
            run = await store.GetAsync(message.RunId, includeInputs: true, cancellationToken);
            if (run is null)
            {
                // A run's row is written before its message (RunLifecycle.CreateAsync), so no row means the run was withdrawn.
                logger.LogWarning("Run {RunId} not found (withdrawn); dropping its message", message.RunId);
                return DispatchOutcome.UnknownRun;
            }
            if (run.IsFinal)
            {
                await lifecycle.SettleAsync(run, cancellationToken);
                return DispatchOutcome.AlreadyFinal;
            }
            if (lifecycle.IsLeased(run))
                return DispatchOutcome.OwnedElsewhere;

            claimed = await lifecycle.TryClaimAsync(run, lease, dequeueCount, cancellationToken);
            if (claimed is null)
                return DispatchOutcome.LostRace;
        }

        RunnerOutcome outcome;
        try
        {
            var request = new ExecuteRequest(claimed.Language, claimed.Files is null ? claimed.Source : null, claimed.Files, claimed.Stdin, claimed.Args, claimed.Limits,
                RunId: claimed.Id, Tenant: claimed.KeyId ?? claimed.Caller, Tests: claimed.Tests, StopOnFirstFailure: claimed.Tests is null ? null : claimed.StopOnFirstFailure);
            outcome = await runner.ExecuteAsync(request, TimeSpan.FromSeconds(runnerOptions.Value.ExecuteTimeoutSeconds), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: give the run back at once rather than leave it to the sweeper.
            using var release = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await lifecycle.TryReleaseAsync(claimed, "this instance is stopping", release.Token);
            throw;
        }

        switch (outcome)
        {
            case RunnerOutcome.Executed executed:
                return await lifecycle.TryCompleteAsync(claimed, executed.Result, cancellationToken) is null
                    ? DispatchOutcome.LostRace
                    : DispatchOutcome.Completed;

            case RunnerOutcome.Rejected rejected:
                var error = $"The runner refused the run ({rejected.StatusCode}): {rejected.Detail}";
                return await lifecycle.TryFailAsync(claimed, error, cancellationToken) is null
                    ? DispatchOutcome.LostRace
                    : DispatchOutcome.Rejected;

            case RunnerOutcome.Unavailable unavailable:
                await lifecycle.TryReleaseAsync(claimed, unavailable.Reason, cancellationToken);
                throw new RunnerUnavailableException(unavailable.Reason, unavailable.RetryAfter);

            default:
                throw new UnreachableException();
        }
    }
}
