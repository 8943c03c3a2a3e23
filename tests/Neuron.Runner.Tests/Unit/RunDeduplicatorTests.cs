using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Neuron.Runner.Contracts;
using Neuron.Runner.Execution;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;

namespace Neuron.Runner.Tests.Unit;

public sealed class RunDeduplicatorTests
{
    private static readonly Language Python = new()
    {
        Id = "python",
        Name = "Python",
        Aliases = [],
        Image = "img",
        FileName = "main.py",
        Run = ["python3", "main.py"],
        PidsLimit = 64,
        DefaultLimits = new(1, 1, 1),
        MinLimits = new(1, 1, 1),
        MaxLimits = new(1, 1, 1),
    };

    private readonly FakeTimeProvider _time = new();

    private RunDeduplicator Deduplicator(int recentRunsMb = 64, TimeSpan? window = null) => new(
        Options.Create(new RunnerOptions { RecentRunsMb = recentRunsMb, RecentRunsWindow = window ?? TimeSpan.FromMinutes(15) }),
        new Lifetime(), new RunnerMetrics(), _time, NullLogger<RunDeduplicator>.Instance);

    private static ExecuteOutcome Ok(string stdout) =>
        new(new ExecuteResult { Verdict = Verdicts.Ok, Language = "python", Version = "3", Stdout = stdout });

    [Fact]
    public async Task ConcurrentRequestsForOneRunId_ExecuteItOnce()
    {
        var dedup = Deduplicator();
        var executions = 0;
        var release = new TaskCompletionSource();
        async Task<ExecuteOutcome> Execute(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            await release.Task;
            return Ok("once");
        }

        var first = dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None);
        var second = dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None);
        release.SetResult();

        Assert.Equal("once", (await first).Result!.Stdout);
        Assert.Equal("once", (await second).Result!.Stdout);
        Assert.Equal(1, executions);
    }

    [Fact]
    public async Task ARepeatedRequest_GetsTheStoredResult_UntilTheWindowPasses()
    {
        var dedup = Deduplicator(window: TimeSpan.FromMinutes(10));
        var executions = 0;
        Task<ExecuteOutcome> Execute(CancellationToken _) => Task.FromResult(Ok($"execution {Interlocked.Increment(ref executions)}"));

        Assert.Equal("execution 1", (await dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None)).Result!.Stdout);
        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("execution 1", (await dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None)).Result!.Stdout);
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("execution 2", (await dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None)).Result!.Stdout);
        Assert.Equal("execution 3", (await dedup.ExecuteAsync("run2", "f", Execute, CancellationToken.None)).Result!.Stdout);
    }

    [Fact]
    public async Task AnOutcomeWithoutResult_IsForgotten_SoTheRetryExecutes()
    {
        var dedup = Deduplicator();
        var executions = 0;
        Task<ExecuteOutcome> Busy(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            return Task.FromResult(new ExecuteOutcome(null));
        }
        Task<ExecuteOutcome> Crash(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            throw new InvalidOperationException("sandbox failed");
        }

        Assert.Null((await dedup.ExecuteAsync("run1", "f", Busy, CancellationToken.None)).Result);
        await Assert.ThrowsAsync<InvalidOperationException>(() => dedup.ExecuteAsync("run1", "f", Crash, CancellationToken.None));
        Assert.Equal("ran", (await dedup.ExecuteAsync("run1", "f", _ => Task.FromResult(Ok("ran")), CancellationToken.None)).Result!.Stdout);
        Assert.Equal(2, executions);
    }

    [Fact]
    public async Task ACallerThatGivesUp_LeavesTheExecutionRunning_AndItsRetryGetsTheResult()
    {
        var dedup = Deduplicator();
        var executions = 0;
        var release = new TaskCompletionSource();
        async Task<ExecuteOutcome> Execute(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            await release.Task;
            return Ok("finished");
        }
        using var caller = new CancellationTokenSource();

        var abandoned = dedup.ExecuteAsync("run1", "f", Execute, caller.Token);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var retry = dedup.ExecuteAsync("run1", "f", Execute, CancellationToken.None);
        release.SetResult();

        Assert.Equal("finished", (await retry).Result!.Stdout);
        Assert.Equal(1, executions);
    }

    [Fact]
    public async Task ARunIdReusedForAnotherSubmission_IsAConflict()
    {
        var dedup = Deduplicator();
        await dedup.ExecuteAsync("run1", "f", _ => Task.FromResult(Ok("a")), CancellationToken.None);

        var outcome = await dedup.ExecuteAsync("run1", "g", _ => Task.FromResult(Ok("b")), CancellationToken.None);

        Assert.Null(outcome.Result);
        Assert.Contains("run1", outcome.Conflict);
    }

    [Fact]
    public async Task StoredResults_StayWithinTheirMemory_OldestForgottenFirst()
    {
        var dedup = Deduplicator(recentRunsMb: 1);
        var big = new string('x', 200 * 1024); // 400 KiB as .NET text: two fit in 1 MiB, three do not
        var executions = 0;
        Task<ExecuteOutcome> Execute(CancellationToken _)
        {
            Interlocked.Increment(ref executions);
            return Task.FromResult(Ok(big));
        }

        foreach (var id in new[] { "a", "b", "c" })
            await dedup.ExecuteAsync(id, "f", Execute, CancellationToken.None);
        Assert.Equal(2, dedup.Count);
        await dedup.ExecuteAsync("c", "f", Execute, CancellationToken.None);
        Assert.Equal(3, executions);
        await dedup.ExecuteAsync("a", "f", Execute, CancellationToken.None);
        Assert.Equal(4, executions);
    }

    [Fact]
    public void Fingerprint_DiffersForAnyDifferenceInWhatRuns()
    {
        static ValidatedRun Run(string source, string stdin = "", string[]? args = null, int timeMs = 1000) =>
            new(Python, [new("main.py", Encoding.UTF8.GetBytes(source))], Encoding.UTF8.GetBytes(stdin), args ?? [], new LimitSet(timeMs, 128, 64));

        var fingerprint = RunDeduplicator.Fingerprint(Run("print(1)"));

        Assert.Equal(fingerprint, RunDeduplicator.Fingerprint(Run("print(1)")));
        Assert.NotEqual(fingerprint, RunDeduplicator.Fingerprint(Run("print(2)")));
        Assert.NotEqual(fingerprint, RunDeduplicator.Fingerprint(Run("print(1)", stdin: "x")));
        Assert.NotEqual(fingerprint, RunDeduplicator.Fingerprint(Run("print(1)", args: ["x"])));
        Assert.NotEqual(fingerprint, RunDeduplicator.Fingerprint(Run("print(1)", timeMs: 2000)));
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
