namespace Neuron.Functions.Compat;

/// <summary>
/// The one time limit Neuron gives a run (wall time; CPU time follows it) from the two a peer takes — Piston's
/// <c>run_timeout</c> and <c>run_cpu_time</c>, Judge0's <c>wall_time_limit</c> and <c>cpu_time_limit</c>: the smaller
/// of those given (zero or less counts as not given), in whole milliseconds rounded up.
/// </summary>
public static class TimeLimit
{
    public static int? Milliseconds(double? first, double? second, double millisecondsPerUnit)
    {
        double? smaller = first is > 0 && second is > 0 ? Math.Min(first.Value, second.Value) : first is > 0 ? first : second is > 0 ? second : null;
        // Rounded to a microsecond first: 0.1 s is 100.00000000000001 ms in binary floating point, not 101 ms.
        return smaller is { } value ? (int)Math.Ceiling(Math.Round(value * millisecondsPerUnit, 3)) : null;
    }
}
