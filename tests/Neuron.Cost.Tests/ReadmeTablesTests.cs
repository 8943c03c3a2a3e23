using Neuron.Cost;
using Neuron.Testing;

namespace Neuron.Cost.Tests;

/// <summary>bicep/README.md shows what infra/cost prints: the block between its markers is the report, verbatim.</summary>
public sealed class ReadmeTablesTests
{
    [Fact]
    public void DeployReadme_HoldsTheCalculatorsOutput()
    {
        var prices = PriceList.Load(PriceList.DefaultPath);
        var report = CostReport.Render(new CostModel(prices, new Assumptions()), prices, Traffic.Scenarios);
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "bicep", "README.md"));
        const string start = "<!-- infra/cost: begin -->\n";
        const string end = "<!-- infra/cost: end -->";

        var from = readme.IndexOf(start, StringComparison.Ordinal);
        var to = readme.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "bicep/README.md has no infra/cost block");
        Assert.Equal(report.Trim(), readme[(from + start.Length)..to].Trim());
    }
}
