namespace Neuron.Functions.Billing;

/// <summary>
/// A key's month: the balance it opened and closed with (micro-credits, and as credits), and each day that had runs
/// or top-ups. <see cref="Total"/> is the month's sum; its closing balance is the month's.
/// </summary>
public sealed record Statement(
    string KeyId, string Month, long OpeningMicroCredits, long ClosingMicroCredits, string Opening, string Closing,
    IReadOnlyList<StatementDay> Days, StatementDay Total);
