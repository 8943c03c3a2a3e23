namespace Neuron.Functions.Bench;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
public sealed record LatencyStats(string Name, int Count, double P50, double P90, double P99, double Mean, double Max, double PerSecond)
{
    public static LatencyStats Of(string name, IReadOnlyList<double> milliseconds, TimeSpan elapsed)
    {
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new(name, sorted.Length, At(0.50), At(0.90), At(0.99), sorted.Average(), sorted[^1], sorted.Length / elapsed.TotalSeconds);
    }

    public static void Print(IEnumerable<LatencyStats> rows)
    {
        Console.WriteLine();
        Console.WriteLine($"{"scenario",-44} {"n",6} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"mean ms",8} {"max ms",8} {"req/s",8}");
        Console.WriteLine(new string('-', 106));
        foreach (var r in rows)
            Console.WriteLine($"{r.Name,-44} {r.Count,6} {r.P50,8:0.00} {r.P90,8:0.00} {r.P99,8:0.00} {r.Mean,8:0.00} {r.Max,8:0.00} {r.PerSecond,8:0.0}");
    }
}
