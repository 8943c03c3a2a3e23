using System.Globalization;

namespace Neuron.Functions.Billing;

/// <summary>The <c>month=YYYY-MM</c> of a statement request: from 2000-01 to the current UTC month; default the current month.</summary>
public static class StatementMonth
{
    public static readonly DateOnly Earliest = new(2000, 1, 1);

    public static bool TryParse(string? text, DateTimeOffset now, out DateOnly month)
    {
        var current = new DateOnly(now.UtcDateTime.Year, now.UtcDateTime.Month, 1);
        if (string.IsNullOrEmpty(text))
        {
            month = current;
            return true;
        }
        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month)
            && text.Length == 7 && month >= Earliest && month <= current;
    }

    public static string Expected(DateTimeOffset now) =>
        $"'month' is YYYY-MM (UTC), from {StatementBuilder.MonthText(Earliest)} to {StatementBuilder.MonthText(DateOnly.FromDateTime(now.UtcDateTime))}.";
}
