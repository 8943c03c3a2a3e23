using System.Diagnostics;
using System.Text;
using Docker.DotNet;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Execution;

/// <summary>Runs one validated submission in a warm container and turns the launcher's report into a result.</summary>
public sealed class Executor(
    PoolManager pools,
    Admission admission,
    ISandboxSource sandboxes,
    CompileCache cache,
    RunnerMetrics metrics,
    IOptions<RunnerOptions> options,
    TimeProvider time,
    ILogger<Executor> logger)
{
    private const long MiB = 1024 * 1024;
    private readonly RunnerOptions _options = options.Value;

    /// <summary>Containers that died while idle are found on connect; the job then moves to another one.</summary>
    private const int MaxAttempts = 3;

    public async Task<ExecuteOutcome> ExecuteAsync(ValidatedRun run, CancellationToken cancellationToken)
    {
        var pool = pools.Pools[run.Language.Id];
        if (pool.Target == 0)
            return new ExecuteOutcome(null, Unavailable: $"{run.Language.Id} is disabled on this runner");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ExecuteOnceAsync(run, pool, retryable: attempt < MaxAttempts, cancellationToken);
            }
            catch (LauncherUnreachableException e)
            {
                logger.LogWarning("Sandbox unreachable ({Error}); retrying {Language} on another container", e.Message, run.Language.Id);
            }
        }
    }

    /// <param name="retryable">Whether a container found unreachable should throw for a retry, rather than end as internal_error.</param>
    private async Task<ExecuteOutcome> ExecuteOnceAsync(ValidatedRun run, LanguagePool pool, bool retryable, CancellationToken cancellationToken)
    {
        var language = run.Language;
        var lease = await admission.TryEnterAsync(pool, run.Tenant, cancellationToken);
        if (lease is null)
        {
            metrics.Rejected(language.Id);
            return new ExecuteOutcome(null);
        }
        var container = lease.Container;
        var startedAt = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        string? dirty = "cancelled";
        try
        {
            var memory = run.Limits.MemoryMb * MiB;
            if (container.MemoryBytes != memory)
                await sandboxes.SetMemoryAsync(container, memory, cancellationToken);
            sandboxes.ResetCounters(container);

            string? cacheKey = null;
            IReadOnlyList<KeyValuePair<string, byte[]>> artifacts = [];
            var cached = false;
            if (language.Compiled && cache.Enabled)
            {
                cacheKey = CompileCache.Key(language, container.ImageId, run.Files);
                cached = cache.TryGet(cacheKey, out artifacts);
            }
            var job = new LauncherJob
            {
                Files = run.Files,
                Artifacts = artifacts,
                Compile = language.Compile,
                Run = language.Run,
                WarmRun = language.WarmCommand is null ? null : [language.FileName],
                Args = run.Args,
                Stdin = run.Stdin,
                TimeMs = run.Limits.TimeMs,
                CpuMs = language.CpuMsFor(run.Limits.TimeMs),
                CompileTimeMs = language.CompileMsFor(_options.CompileTimeMs),
                OutputBytes = run.Limits.OutputKb * 1024,
                FileSizeBytes = _options.MaxFileSizeMb * MiB,
                OpenFiles = _options.MaxOpenFiles,
                CollectArtifacts = cacheKey is not null && !cached,
            };
            var report = await LauncherClient.SendAsync(container.SocketPath, LauncherProtocol.Encode(job), job.Budget + _options.WatchdogMargin, cancellationToken);
            var verdict = VerdictRules.Verdict(report, language, memory);
            dirty = VerdictRules.DirtyReason(report, verdict);
            if (cacheKey is not null && !cached && report.Compiled && report.CompileStep.Succeeded)
                cache.Put(cacheKey, report.Artifacts);
            if (cacheKey is not null)
                metrics.CompileCache(cached);
            if (report.Ran)
                metrics.ProgramStarted(language.Id, report.WarmStart);
            if (report.Error is not null)
                logger.LogError("Launcher in {Container} reported: {Error}", container.Name, report.Error);
            var step = report.Ran ? report.RunStep : report.CompileStep;
            return Finish(run, container, startedAt, clock, new ExecuteResult
            {
                Verdict = verdict,
                Language = language.Id,
                Version = container.Version,
                Stdout = Encoding.UTF8.GetString(report.Stdout),
                StdoutTruncated = report.StdoutTruncated,
                Stderr = Encoding.UTF8.GetString(report.Stderr),
                StderrTruncated = report.StderrTruncated,
                CompileOutput = VerdictRules.CompileOutput(report, language.CompileMsFor(_options.CompileTimeMs)),
                ExitCode = report.Ran && step.Exited ? step.ExitCode : null,
                Signal = report.Ran && step.Signal != 0 ? step.Signal : null,
                WallMs = step.WallMs,
                CpuMs = step.CpuMs,
                MemoryKb = step.MemoryKb,
                CompileCached = cached,
            });
        }
        catch (LauncherUnreachableException) when (retryable)
        {
            dirty = "launcher_unreachable";
            throw;
        }
        catch (Exception e) when (e is LauncherUnresponsiveException or DockerApiException or HttpRequestException)
        {
            dirty = "launcher_failure";
            logger.LogError(e, "Sandbox {Container} failed running {Language}", container.Name, language.Id);
            return Finish(run, container, startedAt, clock, new ExecuteResult
            {
                Verdict = Verdicts.InternalError,
                Language = language.Id,
                Version = container.Version,
                Stderr = "[neuron] the sandbox failed; the run was not completed",
            });
        }
        finally
        {
            lease.Complete(dirty);
        }
    }

    private ExecuteOutcome Finish(ValidatedRun run, SandboxContainer container, DateTimeOffset startedAt, Stopwatch clock, ExecuteResult result)
    {
        metrics.RunFinished(run.Language.Id, result.Verdict, clock.Elapsed);
        logger.LogInformation("Run of {Language} in {Container}: {Verdict} in {ElapsedMs:0} ms",
            run.Language.Id, container.Name, result.Verdict, clock.Elapsed.TotalMilliseconds);
        return new ExecuteOutcome(result with
        {
            Sandbox = container.Name,
            StartedAt = startedAt,
            FinishedAt = startedAt + clock.Elapsed,
        });
    }
}
