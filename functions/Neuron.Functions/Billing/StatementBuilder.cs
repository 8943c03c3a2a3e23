using System.Globalization;
using Azure.Data.Tables;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>
/// A month's statement from a key's day rows of table <c>usage</c> (<see cref="UsageRows"/>), pure: the opening
/// balance is every earlier day's top-ups less charges, each day's closing balance the running sum. Charges are booked
/// on the day a run was accepted, as its usage is, so the statement's runs, CPU and verdicts are the usage table's.
/// </summary>
public static class StatementBuilder
{
    /// <summary>The statement of <paramref name="month"/> (its first day) from <paramref name="days"/>: the key's day rows up to the month's last day, earlier months' included, in any order.</summary>
    public static Statement Build(string keyId, DateOnly month, IEnumerable<TableEntity> days)
    {
        var first = UsageRows.DayPrefix + Format(month);
        var opening = 0L;
        var inMonth = new List<TableEntity>();
        foreach (var row in days.OrderBy(d => d.RowKey, StringComparer.Ordinal))
        {
            if (string.CompareOrdinal(row.RowKey, first) < 0)
                opening += Get(row, UsageRows.ToppedUp) - Get(row, UsageRows.Charged);
            else
                inMonth.Add(row);
        }
        var closing = opening;
        var lines = new List<StatementDay>(inMonth.Count);
        foreach (var row in inMonth)
        {
            closing += Get(row, UsageRows.ToppedUp) - Get(row, UsageRows.Charged);
            lines.Add(Day(row, closing));
        }
        var total = new StatementDay(
            MonthText(month), lines.Sum(d => d.Runs), lines.Sum(d => d.CpuMs),
            lines.SelectMany(d => d.Verdicts).GroupBy(v => v.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => new VerdictUsage(g.Sum(v => v.Value.Runs), g.Sum(v => v.Value.CpuMs)), StringComparer.Ordinal),
            lines.Sum(d => d.ChargedMicroCredits), lines.Sum(d => d.TopUpMicroCredits), closing);
        return new Statement(keyId, MonthText(month), opening, closing, Credits.Format(opening), Credits.Format(closing), lines, total);
    }

    private static StatementDay Day(TableEntity row, long closing)
    {
        var verdicts = row.Keys
            .Where(k => k.StartsWith(UsageRows.VerdictPrefix, StringComparison.Ordinal))
            .ToDictionary(k => k[UsageRows.VerdictPrefix.Length..],
                k => new VerdictUsage(Get(row, k), Get(row, UsageRows.VerdictCpuPrefix + k[UsageRows.VerdictPrefix.Length..])), StringComparer.Ordinal);
        return new StatementDay(row.RowKey[UsageRows.DayPrefix.Length..], Get(row, UsageRows.Runs), Get(row, UsageRows.CpuMs), verdicts,
            Get(row, UsageRows.Charged), Get(row, UsageRows.ToppedUp), closing);
    }

    private static long Get(TableEntity row, string column) => row.GetInt64(column) ?? 0;

    public static string MonthText(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
