using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Billing;

/// <summary>
/// Which price a run pays: the list in force at the instant it was accepted (<see cref="BillingOptions.Prices"/>), its
/// language family's price, the compile cache's discount and its CPU time. Pure arithmetic over integers.
/// </summary>
public sealed class PriceBook(IOptions<BillingOptions> options)
{
    private readonly IReadOnlyList<PriceList> _lists = [.. options.Value.EffectivePrices.OrderBy(l => l.EffectiveFrom)];

    /// <summary>The list in force at <paramref name="at"/> (the earliest one before any took effect).</summary>
    public PriceList At(DateTimeOffset at) => _lists.LastOrDefault(l => l.EffectiveFrom <= at) ?? _lists[0];

    /// <summary>What a run admitted at <paramref name="at"/> holds of its key's balance until it is charged: its base price.</summary>
    public long HoldFor(bool compiled, DateTimeOffset at) => At(at).For(compiled).PerRun;

    /// <summary>The charge of a final run accepted at <paramref name="acceptedAt"/>; a run Neuron failed (internal_error) is free.</summary>
    public long ChargeFor(bool compiled, bool compileCached, long cpuMs, string verdict, DateTimeOffset acceptedAt) =>
        verdict == Verdicts.InternalError ? 0 : At(acceptedAt).For(compiled).Charge(compiled && compileCached, cpuMs);
}
