using Microsoft.Extensions.Options;
using Neuron.Functions.Runners;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Dispatch;

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
        var o = options.Value;
        IReadOnlyList<Uri> burst;
        bool stale;
        lock (_gate)
        {
            burst = _burst;
            stale = time.GetUtcNow() - _burstReadAt >= TimeSpan.FromSeconds(o.BurstRefreshSeconds);
        }
        if (stale)
            burst = await ReadBurstAsync(cancellationToken);
        if (burst.Count == 0)
            return [o.Url];
        // Burst runners take turns, so spilled runs spread over the groups.
        var start = (int)((uint)Interlocked.Increment(ref _turn) % (uint)burst.Count);
        return [o.Url, .. burst.Skip(start), .. burst.Take(start)];
    }

    private async Task<IReadOnlyList<Uri>> ReadBurstAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Uri> burst;
        try
        {
            burst = await directory.ListAsync(cancellationToken);
        }
        catch (Azure.RequestFailedException e)
        {
            logger.LogWarning("Could not read the burst runners ({Error}); using the scale set only", e.Message);
            burst = [];
        }
        lock (_gate)
        {
            _burst = burst;
            _burstReadAt = time.GetUtcNow();
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
