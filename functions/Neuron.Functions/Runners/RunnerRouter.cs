using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

/// <summary>
/// Chooses the runner for a run: the scale set (<c>Runner:Url</c>, its internal load balancer) first, then the burst
/// runners the controller published, in turn. A runner that never started the run (busy, unreachable, no instance
/// behind the load balancer) or whose sandboxes are too small for it (422) passes it to the next; anything else
/// (a result, a refusal, a timeout once the run may have started) is final, so a run is never executed twice.
/// </summary>
public sealed class RunnerRouter(RunnerClient client, RunnerDirectory directory, IOptions<RunnerOptions> options, TimeProvider time, ILogger<RunnerRouter> logger)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<Uri> _burst = [];
    private DateTimeOffset _burstReadAt = DateTimeOffset.MinValue;
    private Task<IReadOnlyList<Uri>>? _reading;
    private int _turn;

    public async Task<RunnerOutcome> ExecuteAsync(ExecuteRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RunnerOutcome? last = null;
        foreach (var runner in await CandidatesAsync(cancellationToken))
        {
            var outcome = await client.ExecuteAsync(runner, request, timeout, cancellationToken);
            if (outcome is not (RunnerOutcome.Unavailable { NotStarted: true } or RunnerOutcome.Rejected { StatusCode: 422 }))
                return outcome;
            logger.LogInformation("Runner {Runner} did not take the run ({Outcome}); trying the next", runner, Describe(outcome));
            last = outcome;
        }
        return last!;
    }

    private async Task<IReadOnlyList<Uri>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var burst = await BurstRunnersAsync(cancellationToken);
        if (burst.Count == 0)
            return [options.Value.Url];
        // Burst runners take turns, so spilled runs spread over the groups.
        var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)burst.Count);
        return [options.Value.Url, .. burst.Skip(start), .. burst.Take(start)];
    }

    /// <summary>The published burst runners, re-read at most every BurstRefreshSeconds by one caller while the others wait for it.</summary>
    private Task<IReadOnlyList<Uri>> BurstRunnersAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_reading is null && time.GetUtcNow() - _burstReadAt >= TimeSpan.FromSeconds(options.Value.BurstRefreshSeconds))
                _reading = Task.Run(ReadBurstAsync); // runs outside this lock, which it takes to finish
            return _reading?.WaitAsync(cancellationToken) ?? Task.FromResult(_burst);
        }
    }

    private async Task<IReadOnlyList<Uri>> ReadBurstAsync()
    {
        IReadOnlyList<Uri> burst;
        try
        {
            // Not the caller's token: other dispatches wait for this read too.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            burst = await directory.ListAsync(bound.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning("Could not read the burst runners ({Error}); using the scale set only", e.Message);
            burst = [];
        }
        lock (_gate)
        {
            _burst = burst;
            _burstReadAt = time.GetUtcNow();
            _reading = null;
        }
        return burst;
    }

    private static string Describe(RunnerOutcome outcome) => outcome switch
    {
        RunnerOutcome.Unavailable u => u.Reason,
        RunnerOutcome.Rejected r => $"refused with {r.StatusCode}",
        _ => outcome.GetType().Name,
    };
}
