using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>
/// A key's credits as the API shows them, in micro-credits and (<see cref="Available"/>) as credits: the balance, what
/// admitted runs hold, what is left for new runs, the low-balance threshold and since when the balance is below it.
/// </summary>
public sealed record BalanceDocument(
    string KeyId, long BalanceMicroCredits, long HeldMicroCredits, long AvailableMicroCredits, string Available, long LowBalanceMicroCredits,
    DateTimeOffset? LowBalanceSince)
{
    public static BalanceDocument From(string keyId, UsageBalance balance) => new(
        keyId, balance.BalanceMicroCredits, balance.HeldMicroCredits, balance.AvailableMicroCredits, Credits.Format(balance.AvailableMicroCredits),
        balance.LowBalanceMicroCredits, balance.LowBalanceSince);
}
