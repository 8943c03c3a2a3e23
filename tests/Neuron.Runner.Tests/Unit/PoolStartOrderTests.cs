using Microsoft.Extensions.Logging.Abstractions;
using Neuron.Runner.Languages;
using Neuron.Runner.Observability;
using Neuron.Runner.Pool;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

public sealed class PoolStartOrderTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

    [Fact]
    public void PopularLanguages_StartFirst_InTheirOrder_ThenTheRestInCatalogOrder()
    {
        // Pools that are never started need no sandbox source.
        var pools = Shipped.All.Select(l => new LanguagePool(l, 2, null!, new RunnerMetrics(), TimeProvider.System, NullLogger.Instance)).ToList();

        var order = PoolManager.StartOrder(pools, ["JavaScript", "python"]).Select(p => p.Language.Id).ToList();

        var rest = Shipped.All.Select(l => l.Id).Where(id => id is not ("python" or "javascript"));
        Assert.Equal(["javascript", "python", .. rest], order);
    }

    [Fact]
    public void WithNoPopularLanguages_PoolsStartInCatalogOrder()
    {
        var pools = Shipped.All.Select(l => new LanguagePool(l, 2, null!, new RunnerMetrics(), TimeProvider.System, NullLogger.Instance)).ToList();

        Assert.Equal(Shipped.All.Select(l => l.Id), PoolManager.StartOrder(pools, []).Select(p => p.Language.Id));
    }
}
