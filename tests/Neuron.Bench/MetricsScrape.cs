using System.Globalization;

namespace Neuron.Bench;

/// <summary>One reading of a Prometheus text endpoint (the app's /api/metrics, the runner's /metrics): series → value.</summary>
public sealed class MetricsScrape(IReadOnlyDictionary<string, double> series)
{
    private IReadOnlyDictionary<string, double> Series { get; } = series;

    public static async Task<MetricsScrape> ReadAsync(HttpClient client, string path)
    {
        var series = new Dictionary<string, double>();
        foreach (var line in (await client.GetStringAsync(path)).Split('\n'))
            if (line.Length > 0 && line[0] != '#' && line.LastIndexOf(' ') is var space and > 0)
                series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        return new MetricsScrape(series);
    }

    /// <summary>The sum of every series of <paramref name="name"/> whose labels start with <paramref name="labelsPrefix"/>.</summary>
    public double Sum(string name, string labelsPrefix = "") =>
        Series.Where(s => s.Key == name || s.Key.StartsWith(name + "{" + labelsPrefix, StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary>Storage operations per run by "service kind" since <paramref name="before"/>, largest first (<c>neuron_storage_operations_total</c>).</summary>
    public Dictionary<string, double> StorageOperationsPerRun(MetricsScrape before, int runs) =>
        Series.Where(s => s.Key.StartsWith("neuron_storage_operations_total{", StringComparison.Ordinal))
            .Select(s => (Key: $"{Label(s.Key, "service")} {Label(s.Key, "kind")}", Count: s.Value - before.Series.GetValueOrDefault(s.Key)))
            .Where(s => s.Count > 0).OrderByDescending(s => s.Count).ToDictionary(s => s.Key, s => s.Count / runs);

    private static string Label(string key, string name)
    {
        var start = key.IndexOf(name + "=\"", StringComparison.Ordinal) + name.Length + 2;
        return key[start..key.IndexOf('"', start)];
    }
}
