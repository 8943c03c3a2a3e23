using Neuron.Functions.Languages;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>A run's prices: the hold its admission takes (<see cref="PriceBook.HoldFor"/>) and the charge its metering records.</summary>
public sealed class RunPricing(PriceBook prices, LanguageCatalog languages)
{
    /// <summary>What a run of <paramref name="languageId"/> admitted at <paramref name="at"/> holds.</summary>
    public long HoldFor(string languageId, DateTimeOffset at) => prices.HoldFor(IsCompiled(languageId), at);

    /// <summary>A final run, priced at the list in force when it was accepted (<paramref name="acceptedAt"/>).</summary>
    public MeteredRun Meter(string runId, string keyId, DateTimeOffset acceptedAt, string languageId, string verdict, long cpuMs, bool compileCached) =>
        new(runId, keyId, acceptedAt, verdict, cpuMs, prices.ChargeFor(IsCompiled(languageId), compileCached, cpuMs, verdict, acceptedAt));

    private bool IsCompiled(string languageId) => languages.Find(languageId)?.Compiled ?? false;
}
