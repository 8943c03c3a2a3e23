using Azure.Data.Tables;

namespace Neuron.Functions.Usage;

/// <summary>
/// A key's credits in micro-credits (1 credit = 1,000,000): the balance, what admitted runs hold of it, what is left
/// for new runs, the low-balance threshold and when the balance fell below it (null while it is above).
/// </summary>
public sealed record UsageBalance(long BalanceMicroCredits, long HeldMicroCredits, long AvailableMicroCredits, long LowBalanceMicroCredits,
    DateTimeOffset? LowBalanceSince)
{
    public static UsageBalance From(TableEntity row)
    {
        var balance = row.GetInt64(UsageRows.Balance) ?? 0;
        var held = row.GetInt64(UsageRows.Held) ?? 0;
        return new(balance, held, balance - held, row.GetInt64(UsageRows.LowBalanceThreshold) ?? 0, row.GetDateTimeOffset(UsageRows.LowBalanceSince));
    }
}
