using System.Globalization;

namespace Neuron.Functions.Billing;

/// <summary>Amounts are integers of micro-credits (<c>long</c>), never floating point: 1 credit = 1,000,000 micro-credits.</summary>
public static class Credits
{
    public const long Micro = 1_000_000;

    /// <summary>The largest balance, top-up, price or threshold accepted: a billion credits.</summary>
    public const long MaxMicroCredits = 1_000_000_000 * Micro;

    /// <summary>Micro-credits as credits for people: <c>12.5</c>, <c>-0.004</c>, <c>0</c> (exact: integer arithmetic only).</summary>
    public static string Format(long microCredits)
    {
        var sign = microCredits < 0 ? "-" : "";
        var magnitude = microCredits == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(microCredits);
        var whole = (magnitude / Micro).ToString(CultureInfo.InvariantCulture);
        var fraction = (magnitude % Micro).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
        return sign + whole + (fraction.Length > 0 ? "." + fraction : "");
    }
}
