namespace Neuron.Bench;

/// <summary>Percentiles of a sample of durations in milliseconds.</summary>
public sealed record Stats(int Count, double P50, double P95, double P99, double Mean)
{
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Stats(sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? double.NaN : sorted.Average());
    }
}
