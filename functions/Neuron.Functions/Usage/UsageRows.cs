namespace Neuron.Functions.Usage;

/// <summary>
/// The layout of table <c>usage</c>, a key's ledger (PartitionKey = key id), named in one place: a counter row per UTC
/// day (<c>day-yyyy-MM-dd</c>: runs, runs and CPU milliseconds per verdict, micro-credits charged and topped up), a
/// marker row per metered run (<c>run-{id}</c>), the key's balance (<c>balance</c>) and a hold per admitted run not
/// yet charged (<c>hold-{id}</c>). One partition, so a run's marker, its day, its hold and the balance change in one
/// entity-group transaction.
/// </summary>
public static class UsageRows
{
    public const string DayPrefix = "day-";
    public const string RunPrefix = "run-";
    public const string HoldPrefix = "hold-";
    public const string BalanceRow = "balance";

    // Day rows.
    public const string Runs = "Runs";
    public const string CpuMs = "CpuMs";
    public const string VerdictPrefix = "Verdict_";
    public const string VerdictCpuPrefix = "VerdictCpuMs_";
    public const string Charged = "ChargedMicroCredits";
    public const string ToppedUp = "TopUpMicroCredits";

    // The balance row.
    /// <summary>Micro-credits: every grant and top-up less every charge (negative only by the bounded overdraft).</summary>
    public const string Balance = "BalanceMicroCredits";
    /// <summary>Micro-credits held by admitted runs not yet charged (the sum of the hold rows' amounts).</summary>
    public const string Held = "HeldMicroCredits";
    public const string LowBalanceThreshold = "LowBalanceMicroCredits";
    /// <summary>When the balance last fell below the threshold (cleared by a top-up above it): the crossing, recorded once.</summary>
    public const string LowBalanceSince = "LowBalanceSince";

    // Hold rows.
    public const string Amount = "AmountMicroCredits";
    public const string Until = "Until";
}
