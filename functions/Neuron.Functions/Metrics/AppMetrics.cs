using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Neuron.Functions.Metrics;

/// <summary>
/// This instance's counters since it started: storage requests by service and kind (each attempt is a billed
/// transaction, counted by <see cref="Storage.StorageOperationCounter"/>) and the runs it metered with their CPU time,
/// so that storage operations per run — the cost model's input — can be read off a real deployment. Counters of
/// several instances add up: an instance that only submits and one that only dispatches each count their part.
/// </summary>
public sealed class AppMetrics
{
    private readonly ConcurrentDictionary<(string Service, string Kind), long> _storage = new();
    private long _runs;
    private long _cpuMs;

    public void StorageOperation(string service, string kind) => _storage.AddOrUpdate((service, kind), 1, (_, n) => n + 1);

    public void RunMetered(long cpuMs)
    {
        Interlocked.Increment(ref _runs);
        Interlocked.Add(ref _cpuMs, cpuMs);
    }

    public long StorageOperations(string service, string kind) => _storage.GetValueOrDefault((service, kind));

    public long TotalStorageOperations => _storage.Values.Sum();

    public long RunsMetered => Interlocked.Read(ref _runs);

    /// <summary>Prometheus text exposition (format 0.0.4).</summary>
    public string ToPrometheus()
    {
        var text = new StringBuilder();
        var rows = _storage.OrderBy(p => p.Key.Service, StringComparer.Ordinal).ThenBy(p => p.Key.Kind, StringComparer.Ordinal).ToList();
        var runs = RunsMetered;
        Family(text, "neuron_storage_operations_total", "counter", "Storage requests this instance sent, by service and kind (every attempt is a billed transaction).");
        foreach (var ((service, kind), count) in rows)
            Line(text, "neuron_storage_operations_total", $"service=\"{service}\",kind=\"{kind}\"", count);
        Family(text, "neuron_runs_metered_total", "counter", "Runs this instance made final and metered.");
        Line(text, "neuron_runs_metered_total", null, runs);
        Family(text, "neuron_run_cpu_milliseconds_total", "counter", "CPU time of the runs this instance metered, as the runner measured it.");
        Line(text, "neuron_run_cpu_milliseconds_total", null, Interlocked.Read(ref _cpuMs));
        Family(text, "neuron_storage_operations_per_run", "gauge", "Storage requests per metered run since start, by service and kind (NaN before the first run).");
        foreach (var ((service, kind), count) in rows)
            Line(text, "neuron_storage_operations_per_run", $"service=\"{service}\",kind=\"{kind}\"", runs == 0 ? double.NaN : (double)count / runs);
        Line(text, "neuron_storage_operations_per_run", "service=\"all\",kind=\"all\"", runs == 0 ? double.NaN : (double)rows.Sum(r => r.Value) / runs);
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string? labels, double value)
    {
        text.Append(name);
        if (labels is not null)
            text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(double.IsNaN(value) ? "NaN" : value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
    }
}
