using System.Globalization;
using System.Text;

namespace Neuron.Cost;

/// <summary>The markdown infra/cost prints: totals per scenario and profile, each scenario's items, the cold path, the prices.</summary>
public static class CostReport
{
    private static readonly Profile[] Profiles = [Profile.InternalLoadBalancer, Profile.ScaleToZero, Profile.ScaleToZeroExternalImages];

    private static string Name(Profile profile) => profile switch
    {
        Profile.InternalLoadBalancer => "internalLoadBalancer",
        Profile.ScaleToZero => "scaleToZero",
        _ => "scaleToZero, images in your registry",
    };

    public static string Render(CostModel model, PriceList prices, IReadOnlyList<Traffic> scenarios)
    {
        var text = new StringBuilder();
        var estimates = scenarios.Select(t => Profiles.Select(p => model.Estimate(p, t)).ToList()).ToList();
        text.Append("Monthly cost, USD (").Append(prices.Region).Append("; Flex Consumption's free grant not applied).\n\n");
        text.Append("| scenario | ").Append(string.Join(" | ", Profiles.Select(Name))).Append(" |\n|---|").Append(string.Concat(Profiles.Select(_ => "---:|"))).Append('\n');
        foreach (var row in estimates)
        {
            var traffic = row[0].Traffic;
            var label = traffic.AtOnce ? $"{traffic.Name} (the burst's own cost; drained after)" : traffic.Name;
            text.Append("| ").Append(label).Append(" | ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
        }
        foreach (var row in estimates.Where(r => r[0].Traffic.RunsPerMonth == 0))
            text.Append("| ").Append(row[0].Traffic.Name).Append(", Flex Consumption's monthly free grant applied | ")
                .Append(string.Join(" | ", row.Select(e => Usd(e.TotalWithFreeGrant(prices))))).Append(" |\n");
        foreach (var row in estimates.Where(r => r[0].Traffic.RunsPerMonth > 0 && !r[0].Traffic.AtOnce))
            text.Append("| per 1,000 runs at ").Append(row[0].Traffic.Name).Append(" (all variable items) | ")
                .Append(string.Join(" | ", row.Select(e => Usd(e.PerThousandRuns!.Value)))).Append(" |\n");
        var saturated = Usd(model.SaturatedPerThousandRuns(Traffic.BlogMix));
        text.Append("| per 1,000 runs with the runners busy (marginal, blog mix) | ").Append(string.Join(" | ", Profiles.Select(_ => saturated))).Append(" |\n");

        foreach (var row in estimates)
        {
            text.Append("\n**").Append(row[0].Traffic.Name).Append("**: ").Append(Describe(row[0].Traffic)).Append("\n\n");
            text.Append("| item | ").Append(string.Join(" | ", Profiles.Select(Name))).Append(" |\n|---|").Append(string.Concat(Profiles.Select(_ => "---:|"))).Append('\n');
            var items = row.SelectMany(e => e.Lines.Select(l => l.Item)).Distinct().ToList();
            foreach (var item in items)
            {
                text.Append("| ").Append(item).Append(row[0].Lines.Concat(row[1].Lines).FirstOrDefault(l => l.Item == item)?.Fixed == true ? " (fixed)" : "").Append(" | ");
                text.Append(string.Join(" | ", row.Select(e => e.Lines.FirstOrDefault(l => l.Item == item) is { } line ? Usd(line.Usd) : "–"))).Append(" |\n");
            }
        }

        var phases = model.ColdPath();
        text.Append("\n**Cold path** (scaleToZero): the first run after an idle night.\n\n| step | typical | worst |\n|---|---:|---:|\n");
        foreach (var phase in phases)
            text.Append("| ").Append(phase.Step).Append(" | ").Append(Seconds(phase.TypicalSeconds)).Append(" | ").Append(Seconds(phase.WorstSeconds)).Append(" |\n");
        text.Append("| **first run's result** | **").Append(Seconds(phases.Sum(p => p.TypicalSeconds))).Append("** | **")
            .Append(Seconds(phases.Sum(p => p.WorstSeconds))).Append("** |\n\n");
        text.Append("One cold start costs ").Append(Usd(model.ColdStartUsd()))
            .Append(" beyond its runs (a group through the cold start and the 10-minute idle timeout, one dispatch waiting).\n");

        text.Append("\n**Prices** (prices.json):\n\n| price | USD | per | source | read |\n|---|---:|---|---|---|\n");
        foreach (var (id, price) in prices.All)
            text.Append("| ").Append(id).Append(" | ").Append(price.Usd.ToString("0.#######", CultureInfo.InvariantCulture)).Append(" | ").Append(price.Unit)
                .Append(" | ").Append(price.Source).Append(" | ").Append(price.Date).Append(price.Estimate ? " (estimate)" : "").Append(" |\n");
        return text.ToString();
    }

    private static string Describe(Traffic t) => t.RunsPerMonth == 0
        ? "no runs at all."
        : t.AtOnce
            ? $"{t.RunsPerMonth:N0} runs submitted at once after an idle night ({Mix(t)})."
            : $"{t.RunsPerMonth:N0} runs a month ({Mix(t)}), traffic resuming after idle {t.EpisodesPerDay:0.#} times a day, {t.BusyHoursPerDay:0.#} busy hours a day.";

    private static string Mix(Traffic t) => string.Join(", ", t.Mix.Select(m => $"{m.Key} {m.Value * 100:0} %"));

    private static string Cell(CostEstimate e) => e.DrainSeconds is { } drain ? $"{Usd(e.Total)} ({Seconds(drain)})" : Usd(e.Total);

    public static string Usd(double usd) => usd switch
    {
        0 => "$0",
        < 0.01 => "$" + usd.ToString("0.0000", CultureInfo.InvariantCulture),
        < 1 => "$" + usd.ToString("0.000", CultureInfo.InvariantCulture),
        < 10 => "$" + usd.ToString("0.00", CultureInfo.InvariantCulture),
        _ => "$" + usd.ToString("0.0", CultureInfo.InvariantCulture),
    };

    private static string Seconds(double s) => s < 1 ? $"{s * 1000:0} ms" : s < 120 ? $"{s:0.#} s" : $"{s / 60:0.#} min";
}
