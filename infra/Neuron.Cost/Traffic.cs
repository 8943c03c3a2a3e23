namespace Neuron.Cost;

/// <summary>
/// A month of traffic. <see cref="EpisodesPerDay"/>: how often traffic starts again after at least the burst idle
/// timeout (10 min) of silence — each is one cold start in scaleToZero. <see cref="BusyHoursPerDay"/>: hours a day
/// with load sustained enough for the scale set to scale out (queue deeper than its threshold for 5 minutes).
/// <see cref="AtOnce"/>: the runs arrive together, as one burst from idle, instead of spread over the month.
/// </summary>
public sealed record Traffic(string Name, double RunsPerMonth, IReadOnlyDictionary<string, double> Mix, double EpisodesPerDay, double BusyHoursPerDay,
    bool AtOnce = false)
{
    /// <summary>A blog's mix: mostly Python and JavaScript snippets.</summary>
    public static readonly IReadOnlyDictionary<string, double> BlogMix = new Dictionary<string, double>
    {
        ["python"] = 0.6,
        ["javascript"] = 0.25,
        ["c"] = 0.05,
        ["cpp"] = 0.05,
        ["java"] = 0.05,
    };

    public static readonly IReadOnlyList<Traffic> Scenarios =
    [
        new("idle", 0, BlogMix, EpisodesPerDay: 0, BusyHoursPerDay: 0),
        new("10k runs/month", 10_000, BlogMix, EpisodesPerDay: 10, BusyHoursPerDay: 0),
        new("1M runs/month", 1_000_000, BlogMix, EpisodesPerDay: 20, BusyHoursPerDay: 10),
        new("10,000-run burst", 10_000, new Dictionary<string, double> { ["python"] = 1.0 }, EpisodesPerDay: 0, BusyHoursPerDay: 0, AtOnce: true),
    ];
}
