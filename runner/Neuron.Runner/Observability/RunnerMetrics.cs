using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Neuron.Runner.Observability;

/// <summary>Counters and the run-latency histogram, rendered as Prometheus text by <see cref="MetricsApi"/>.</summary>
public sealed class RunnerMetrics
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private readonly ConcurrentDictionary<(string Language, string Verdict), long> _runs = new();
    private readonly ConcurrentDictionary<(string Language, string Reason), long> _replaced = new();
    private readonly ConcurrentDictionary<string, long> _rejected = new();
    private readonly ConcurrentDictionary<string, Histogram> _latency = new();
    private readonly ConcurrentDictionary<(string Language, bool Warm), long> _starts = new();
    private readonly ConcurrentDictionary<(string Language, bool Warm), long> _compilerStarts = new();
    private readonly ConcurrentDictionary<string, long> _duplicates = new();
    private long _cacheHits;
    private long _cacheMisses;

    public void RunFinished(string language, string verdict, TimeSpan elapsed)
    {
        _runs.AddOrUpdate((language, verdict), 1, (_, n) => n + 1);
        _latency.GetOrAdd(language, _ => new Histogram()).Observe(elapsed.TotalSeconds);
    }

    public void ContainerReplaced(string language, string reason) => _replaced.AddOrUpdate((language, reason), 1, (_, n) => n + 1);

    public void Rejected(string language) => _rejected.AddOrUpdate(language, 1, (_, n) => n + 1);

    public void ProgramStarted(string language, bool warm) => _starts.AddOrUpdate((language, warm), 1, (_, n) => n + 1);

    public void CompilerStarted(string language, bool warm) => _compilerStarts.AddOrUpdate((language, warm), 1, (_, n) => n + 1);

    /// <summary>A request for a run id already executing (<c>attached</c>) or executed (<c>replayed</c>).</summary>
    public void DuplicateRequest(string outcome) => _duplicates.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void CompileCache(bool hit) => Interlocked.Increment(ref hit ? ref _cacheHits : ref _cacheMisses);

    public void Render(StringBuilder text)
    {
        Family(text, "neuron_runner_runs_total", "counter", "Runs finished, by language and verdict.");
        foreach (var ((language, verdict), n) in _runs.OrderBy(p => p.Key))
            Line(text, "neuron_runner_runs_total", $"language=\"{language}\",verdict=\"{verdict}\"", n);
        Family(text, "neuron_runner_containers_replaced_total", "counter", "Sandbox containers destroyed and replaced, by reason.");
        foreach (var ((language, reason), n) in _replaced.OrderBy(p => p.Key))
            Line(text, "neuron_runner_containers_replaced_total", $"language=\"{language}\",reason=\"{reason}\"", n);
        Family(text, "neuron_runner_rejected_total", "counter", "Requests answered 503 because the runner was saturated.");
        foreach (var (language, n) in _rejected.OrderBy(p => p.Key))
            Line(text, "neuron_runner_rejected_total", $"language=\"{language}\"", n);
        Family(text, "neuron_runner_program_starts_total", "counter", "Programs started, by language and start (warm: handed to a pre-started interpreter).");
        foreach (var ((language, warm), n) in _starts.OrderBy(p => p.Key))
            Line(text, "neuron_runner_program_starts_total", $"language=\"{language}\",start=\"{(warm ? "warm" : "cold")}\"", n);
        Family(text, "neuron_runner_compiler_starts_total", "counter", "Compiles started, by language and start (warm: handed to a pre-started compiler).");
        foreach (var ((language, warm), n) in _compilerStarts.OrderBy(p => p.Key))
            Line(text, "neuron_runner_compiler_starts_total", $"language=\"{language}\",start=\"{(warm ? "warm" : "cold")}\"", n);
        Family(text, "neuron_runner_compile_cache_total", "counter", "Compile cache lookups by result.");
        Line(text, "neuron_runner_compile_cache_total", "result=\"hit\"", Interlocked.Read(ref _cacheHits));
        Line(text, "neuron_runner_compile_cache_total", "result=\"miss\"", Interlocked.Read(ref _cacheMisses));
        Family(text, "neuron_runner_duplicate_requests_total", "counter", "Requests for a run id already executing or executed, answered without executing it again.");
        foreach (var (outcome, n) in _duplicates.OrderBy(p => p.Key))
            Line(text, "neuron_runner_duplicate_requests_total", $"outcome=\"{outcome}\"", n);
        Family(text, "neuron_runner_run_duration_seconds", "histogram", "Time from admission to result, by language.");
        foreach (var (language, histogram) in _latency.OrderBy(p => p.Key))
            histogram.Render(text, "neuron_runner_run_duration_seconds", $"language=\"{language}\"");
    }

    public static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    public static void Line(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private sealed class Histogram
    {
        private readonly long[] _counts = new long[Buckets.Length];
        private readonly Lock _lock = new();
        private long _count;
        private double _sum;

        public void Observe(double seconds)
        {
            lock (_lock)
            {
                for (var i = 0; i < Buckets.Length; i++)
                    if (seconds <= Buckets[i])
                        _counts[i]++;
                _count++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder text, string name, string labels)
        {
            lock (_lock)
            {
                for (var i = 0; i < Buckets.Length; i++)
                    Line(text, name + "_bucket", $"{labels},le=\"{Buckets[i].ToString(CultureInfo.InvariantCulture)}\"", _counts[i]);
                Line(text, name + "_bucket", $"{labels},le=\"+Inf\"", _count);
                Line(text, name + "_sum", labels, _sum);
                Line(text, name + "_count", labels, _count);
            }
        }
    }
}
