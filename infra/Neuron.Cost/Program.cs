using System.Globalization;
using Neuron.Cost;

// infra/cost [--prices FILE] [--storage-ops-per-run N] [--memory-gb G] [--runs N --episodes-per-day E --busy-hours H]
var pricesPath = PriceList.DefaultPath;
var assumptions = new Assumptions();
double? runs = null, episodes = null, busy = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--prices": pricesPath = Next(); break;
        case "--storage-ops-per-run": assumptions = assumptions with { StorageOpsPerRun = Number() }; break;
        case "--memory-gb": assumptions = assumptions with { FunctionsMemoryGb = Number() }; break;
        case "--runs": runs = Number(); break;
        case "--episodes-per-day": episodes = Number(); break;
        case "--busy-hours": busy = Number(); break;
        case "-h" or "--help":
            Console.WriteLine("Usage: infra/cost [--prices FILE] [--storage-ops-per-run N] [--memory-gb G] [--runs N --episodes-per-day E --busy-hours H]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]} (--help)");
            return 2;
    }
}
var prices = PriceList.Load(pricesPath);
var scenarios = Traffic.Scenarios.ToList();
if (runs is not null)
    scenarios.Add(new Traffic("your traffic", runs.Value, Traffic.BlogMix, episodes ?? 10, busy ?? 0));
Console.Write(CostReport.Render(new CostModel(prices, assumptions), prices, scenarios));
return 0;
