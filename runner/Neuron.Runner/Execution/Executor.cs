using System.Diagnostics;
using System.Text;
using Docker.DotNet;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Execution;

/// <summary>
/// Runs one validated submission in a warm container and turns the launcher's report into a result; a submission with
/// test cases is compiled once and run once per case (<see cref="TestCaseResults"/> decides its verdict).
/// </summary>
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
            catch (Exception e) when (e is LauncherUnreachableException or SandboxUnfitException)
            {
                logger.LogWarning("Sandbox unreachable or unfit ({Error}); retrying {Language} on another container", e.Message, run.Language.Id);
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
            var compiled = new CompiledProgram();
            if (language.Compiled && cache.Enabled)
            {
                compiled.CacheKey = CompileCache.Key(language, container.ImageId, run.Files);
                compiled.Cached = cache.TryGet(compiled.CacheKey, out var artifacts);
                compiled.Artifacts = artifacts;
                metrics.CompileCache(compiled.Cached);
            }
            if (run.Tests is null)
            {
                var (result, reason) = await RunJobAsync(run, container, run.Stdin, compiled, collect: compiled.CacheKey is not null, cancellationToken);
                dirty = reason;
                return Finish(run, container, startedAt, clock, result);
            }

            // Test cases: compiled once (by the first case's job), then one job per case with the artifacts, each in
            // a scratch directory the launcher's janitor wiped. A container left dirty by a case is replaced for the
            // next case exactly as between runs.
            var cases = new List<TestCaseResult>(run.Tests.Count);
            ExecuteResult? deciding = null;
            foreach (var test in run.Tests)
            {
                if (deciding is not null && (deciding.Verdict == Verdicts.CompileError || (run.StopOnFirstFailure && cases.Any(TestCaseResults.Failed))))
                {
                    cases.Add(TestCaseResults.Skipped(test.Name));
                    continue;
                }
                if (cases.Count > 0)
                {
                    if (dirty is null && !pool.CountJob(container))
                        dirty = "recycled";
                    if (dirty is not null)
                    {
                        lease.Complete(dirty);
                        dirty = "cancelled";
                        lease = await admission.TryEnterAsync(pool, run.Tenant, cancellationToken);
                        if (lease is null)
                        {
                            metrics.Rejected(language.Id);
                            return new ExecuteOutcome(null);
                        }
                        container = lease.Container;
                    }
                }
                var (ran, reason) = await RunJobAsync(run, container, test.Stdin, compiled, collect: true, cancellationToken);
                dirty = reason;
                if (ran.Verdict == Verdicts.CompileError)
                {
                    deciding = ran;
                    cases.Add(TestCaseResults.Skipped(test.Name));
                    continue;
                }
                var verdict = TestCaseResults.Verdict(ran.Verdict, ran.Stdout, test.ExpectedOutput);
                var result = TestCaseResults.Bounded(ran, test.Name, verdict);
                logger.LogDebug("Case {Case} of {Language}: {Verdict}", cases.Count, language.Id, verdict);
                if (deciding is null || !cases.Any(TestCaseResults.Failed))
                    deciding = ran;
                cases.Add(result);
            }
            return Finish(run, container, startedAt, clock, TestCaseResults.Combine(deciding! with { CompileOutput = compiled.Output }, cases));
        }
        catch (LauncherUnreachableException) when (retryable)
        {
            dirty = "launcher_unreachable";
            throw;
        }
        catch (SandboxUnfitException) when (retryable)
        {
            dirty = "unfit";
            throw;
        }
        catch (Exception e) when (e is LauncherUnresponsiveException or DockerApiException or HttpRequestException or IOException)
        {
            dirty = "launcher_failure";
            if (e is LauncherUnresponsiveException && container.Runtime == SandboxRuntimes.Gvisor
                && await sandboxes.WasKilledForMemoryAsync(container, CancellationToken.None))
            {
                dirty = Verdicts.MemoryLimit;
                logger.LogWarning("Sandbox {Container} was killed for memory running {Language}", container.Name, language.Id);
                return Finish(run, container, startedAt, clock, new ExecuteResult
                {
                    Verdict = Verdicts.MemoryLimit,
                    Language = language.Id,
                    Version = container.Version,
                    Stderr = "[neuron] the sandbox ran out of memory and was stopped; the run's output is lost",
                });
            }
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
            lease?.Complete(dirty);
        }
    }

    /// <summary>
    /// One launcher job in <paramref name="container"/>: the program with <paramref name="stdin"/>, compiled first unless
    /// <paramref name="compiled"/> holds its artifacts (a successful compile's are kept there, and with
    /// <paramref name="collect"/> asked for). Returns the sandbox's result (no expected output applied) and why the
    /// container must not serve again, if it must not.
    /// </summary>
    private async Task<(ExecuteResult Result, string? DirtyReason)> RunJobAsync(
        ValidatedRun run, SandboxContainer container, byte[] stdin, CompiledProgram compiled, bool collect, CancellationToken cancellationToken)
    {
        var language = run.Language;
        var memory = run.Limits.MemoryMb * MiB;
        if (container.MemoryBytes != memory)
            await sandboxes.SetMemoryAsync(container, memory, cancellationToken);
        sandboxes.ResetCounters(container);
        var compiles = language.Compiled && compiled.Artifacts.Count == 0;
        var job = new LauncherJob
        {
            Files = run.Files,
            Artifacts = compiled.Artifacts,
            Compile = language.CompileFor(run.Files),
            Run = language.Run,
            WarmRun = language.WarmRuns ? [language.FileName] : null,
            WarmCompile = language.WarmCompile,
            WarmWaitMs = language.Warm?.ReadyWaitMs ?? 0,
            Args = run.Args,
            Stdin = stdin,
            TimeMs = run.Limits.TimeMs,
            CpuMs = language.CpuMsFor(run.Limits.TimeMs),
            CompileTimeMs = language.CompileMsFor(_options.CompileTimeMs),
            OutputBytes = run.Limits.OutputKb * 1024,
            FileSizeBytes = _options.MaxFileSizeMb * MiB,
            OpenFiles = _options.MaxOpenFiles,
            CollectArtifacts = compiles && collect,
            OutputFiles = OutputFileLimits.MaxFiles,
            OutputFileBytes = OutputFileLimits.MaxBytes,
        };
        var report = await LauncherClient.SendAsync(container.SocketPath, LauncherProtocol.Encode(job), job.Budget + _options.WatchdogMargin, cancellationToken);
        var verdict = VerdictRules.Verdict(report, language, memory);
        if (compiles && report.Compiled && report.CompileStep.Succeeded && report.Artifacts.Count > 0)
        {
            compiled.Artifacts = report.Artifacts;
            if (compiled.CacheKey is not null)
                cache.Put(compiled.CacheKey, report.Artifacts);
        }
        if (report.Ran)
            metrics.ProgramStarted(language.Id, report.RunStep.Warm);
        if (report.Compiled)
            metrics.CompilerStarted(language.Id, report.CompileStep.Warm);
        if (report.Error is not null)
            logger.LogError("Launcher in {Container} reported: {Error}", container.Name, report.Error);
        var step = report.Ran ? report.RunStep : report.CompileStep;
        if (report.Compiled)
            compiled.Output = VerdictRules.CompileOutput(report, language.CompileMsFor(_options.CompileTimeMs));
        var result = new ExecuteResult
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
            CompileCached = compiled.Cached,
            OutputFiles = [.. report.OutputFiles.Select(f => new OutputFile(f.Key, f.Value.Length, MediaTypeSniffer.Sniff(f.Value), f.Value))],
            OmittedOutputFiles = [.. report.RefusedOutputFiles.Select(f => new OmittedOutputFile(f.Key, f.Value))],
            OmittedOutputFileCount = report.RefusedOutputFiles.Count + report.RefusedOutputFilesUnlisted,
        };
        return (result, VerdictRules.DirtyReason(report, verdict));
    }

    /// <summary>A run's compiled program: its compile-cache key (null: not cached), its artifacts and compiler output once known.</summary>
    private sealed class CompiledProgram
    {
        public string? CacheKey { get; set; }
        public bool Cached { get; set; }
        public IReadOnlyList<KeyValuePair<string, byte[]>> Artifacts { get; set; } = [];
        /// <summary>What the compiler said, when it ran for this run: every case's result carries it.</summary>
        public string Output { get; set; } = "";
    }

    private ExecuteOutcome Finish(ValidatedRun run, SandboxContainer container, DateTimeOffset startedAt, Stopwatch clock, ExecuteResult result)
    {
        metrics.RunFinished(run.Language.Id, result.Verdict, clock.Elapsed);
        logger.LogInformation("Run of {Language} in {Container}: {Verdict} in {ElapsedMs:0} ms",
            run.Language.Id, container.Name, result.Verdict, clock.Elapsed.TotalMilliseconds);
        return new ExecuteOutcome(result with
        {
            Sandbox = container.Name,
            Runtime = container.Runtime,
            StartedAt = startedAt,
            FinishedAt = startedAt + clock.Elapsed,
        });
    }
}
