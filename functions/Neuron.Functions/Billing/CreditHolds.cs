using Neuron.Functions.Keys;

namespace Neuron.Functions.Billing;

/// <summary>Admission's view of credits: hold a new run's price, or give it back for a submission that was not accepted.</summary>
public sealed class CreditHolds(CreditAccounts accounts, RunPricing pricing, TimeProvider time)
{
    public Task<CreditDecision> TakeAsync(ApiKey key, string runId, string languageId, CancellationToken cancellationToken) =>
        accounts.HoldAsync(key, runId, pricing.HoldFor(languageId, time.GetUtcNow()), cancellationToken);

    public Task GiveBackAsync(ApiKey key, string runId) => accounts.ReleaseAsync(key, runId);
}
