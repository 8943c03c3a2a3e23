namespace Neuron.Cost;

/// <summary>
/// One profile under one traffic: the month's items, and for a burst (<see cref="Traffic.AtOnce"/>) how long it takes
/// to drain. A burst's <see cref="Total"/> is the burst's own cost, on top of the idle month.
/// </summary>
public sealed record CostEstimate(Profile Profile, Traffic Traffic, IReadOnlyList<CostLine> Lines, double? DrainSeconds)
{
    public double Total => Lines.Where(l => !Traffic.AtOnce || !l.Fixed).Sum(l => l.Usd);

    public double FixedTotal => Lines.Where(l => l.Fixed).Sum(l => l.Usd);

    /// <summary>The total if this deployment had Flex Consumption's monthly free grant to itself.</summary>
    public double TotalWithFreeGrant(PriceList prices)
    {
        var lines = Lines.Where(l => !Traffic.AtOnce || !l.Fixed).ToList();
        var gbSeconds = Math.Min(lines.Sum(l => l.GbSeconds), prices["functions.flex.freeGbSeconds"]);
        var executions = Math.Min(lines.Sum(l => l.Executions), prices["functions.flex.freeExecutions"]);
        return Total - gbSeconds * prices["functions.flex.gbSecond"] - executions * prices["functions.flex.executionsPerMillion"] / 1e6;
    }

    /// <summary>What 1,000 runs add, all in (compute included), or null without runs.</summary>
    public double? PerThousandRuns => Traffic.RunsPerMonth == 0 ? null : Lines.Where(l => !l.Fixed).Sum(l => l.Usd) / Traffic.RunsPerMonth * 1000;
}
