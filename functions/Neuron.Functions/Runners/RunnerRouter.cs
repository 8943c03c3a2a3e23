using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runners;

/// <summary>
/// Chooses the runner for a run: the scale set first — at <c>Runner:Url</c> (its internal load balancer), or its nodes
/// registered in the runners table, in turn (<see cref="RunnerDiscovery.Table"/>) — then the burst runners the
/// controller published, in turn. A runner that never started the run (busy, unreachable, no instance behind the load
/// balancer) or whose sandboxes are too small for it (422) passes it to the next; anything else (a result, a refusal,
/// a timeout once the run may have started) is final, so a run is never executed twice.
/// </summary>
public sealed class RunnerRouter(RunnerClient client, RunnerDirectory directory, IOptions<RunnerOptions> options, TimeProvider time, ILogger<RunnerRouter> logger)
{
    private readonly Lock _gate = new();
    private RunnerSet _known = RunnerSet.Empty;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;
    private Task<RunnerSet>? _reading;
    private int _turn;

    public async Task<RunnerOutcome> ExecuteAsync(ExecuteRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        RunnerOutcome? last = null;
        var candidates = await CandidatesAsync(cancellationToken);
        if (candidates.Count == 0)
            candidates = await WaitForRunnersAsync(cancellationToken);
        if (candidates.Count == 0)
            return new RunnerOutcome.Unavailable($"no runner came up within {options.Value.ColdStartWaitSeconds} s", null, NotStarted: true);
        foreach (var runner in candidates)
        {
            var outcome = await client.ExecuteAsync(runner, request, timeout, cancellationToken);
            if (outcome is not (RunnerOutcome.Unavailable { NotStarted: true } or RunnerOutcome.Rejected { StatusCode: 422 }))
                return outcome;
            logger.LogInformation("Runner {Runner} did not take the run ({Outcome}); trying the next", runner, Describe(outcome));
            last = outcome;
        }
        return last!;
    }

    /// <summary>A runner to ask for health and languages: the first the dispatcher would try; null when none is up.</summary>
    public async Task<Uri?> FirstAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (o.Discovery == RunnerDiscovery.Url)
            return o.Url;
        var known = await KnownAsync(cancellationToken);
        return known.Registered.Concat(known.Burst).FirstOrDefault();
    }

    /// <summary>
    /// Scaled to zero, no runner is up: the burst controller starts a group for the message this run came in (the
    /// queue's count includes it) and the scale set scales out. Rather than spend the message's few deliveries in
    /// seconds, wait for a runner to be listed, re-reading the table every <see cref="ColdStartPoll"/>, at most
    /// <see cref="RunnerOptions.ColdStartWaitSeconds"/> (the run holds its lease meanwhile).
    /// </summary>
    private async Task<IReadOnlyList<Uri>> WaitForRunnersAsync(CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + TimeSpan.FromSeconds(options.Value.ColdStartWaitSeconds);
        logger.LogInformation("No runner is up; waiting up to {Seconds} s for one to register", options.Value.ColdStartWaitSeconds);
        while (time.GetUtcNow() < until)
        {
            await Task.Delay(ColdStartPoll, time, cancellationToken);
            var candidates = await CandidatesAsync(cancellationToken, ColdStartPoll);
            if (candidates.Count > 0)
                return candidates;
        }
        return [];
    }

    private static readonly TimeSpan ColdStartPoll = TimeSpan.FromSeconds(2);

    private async Task<IReadOnlyList<Uri>> CandidatesAsync(CancellationToken cancellationToken, TimeSpan? maxAge = null)
    {
        var known = await KnownAsync(cancellationToken, maxAge);
        // Each group takes turns, so runs spread over the nodes and over the burst groups.
        var turn = (uint)Interlocked.Increment(ref _turn);
        var scaleSet = options.Value.Discovery == RunnerDiscovery.Url ? [options.Value.Url!] : Rotate(known.Registered, turn);
        return [.. scaleSet, .. Rotate(known.Burst, turn)];
    }

    private static IEnumerable<Uri> Rotate(IReadOnlyList<Uri> runners, uint turn)
    {
        if (runners.Count == 0)
            return [];
        var start = (int)(turn % (uint)runners.Count);
        return runners.Skip(start).Concat(runners.Take(start));
    }

    /// <summary>The runners table, re-read at most every BurstRefreshSeconds by one caller while the others wait for it.</summary>
    private Task<RunnerSet> KnownAsync(CancellationToken cancellationToken, TimeSpan? maxAge = null)
    {
        lock (_gate)
        {
            if (_reading is null && time.GetUtcNow() - _readAt >= (maxAge ?? TimeSpan.FromSeconds(options.Value.BurstRefreshSeconds)))
                _reading = Task.Run(ReadAsync); // runs outside this lock, which it takes to finish
            return _reading?.WaitAsync(cancellationToken) ?? Task.FromResult(_known);
        }
    }

    private async Task<RunnerSet> ReadAsync()
    {
        RunnerSet known;
        try
        {
            // Not the caller's token: other dispatches wait for this read too.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            known = await directory.ReadAsync(bound.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException)
        {
            logger.LogWarning("Could not read the runners table ({Error}); using {Fallback}", e.Message,
                options.Value.Discovery == RunnerDiscovery.Url ? "the scale set only" : "the runners it listed last");
            known = options.Value.Discovery == RunnerDiscovery.Url ? RunnerSet.Empty : Volatile.Read(ref _known);
        }
        lock (_gate)
        {
            _known = known;
            _readAt = time.GetUtcNow();
            _reading = null;
        }
        return known;
    }

    private static string Describe(RunnerOutcome outcome) => outcome switch
    {
        RunnerOutcome.Unavailable u => u.Reason,
        RunnerOutcome.Rejected r => $"refused with {r.StatusCode}",
        _ => outcome.GetType().Name,
    };
}
