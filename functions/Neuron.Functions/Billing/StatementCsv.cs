using System.Globalization;
using System.Text;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Billing;

/// <summary>
/// Statements as CSV (RFC 4180, one line per key and day): key, date, runs and CPU milliseconds, runs and CPU per
/// verdict (the sandbox's verdicts, <c>wrong_answer</c>, then any other seen), micro-credits charged and topped up, the
/// closing balance. Key ids and verdicts are <c>[a-z0-9_]</c>: nothing needs quoting.
/// </summary>
public static class StatementCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Write(IReadOnlyList<Statement> statements)
    {
        var verdicts = Verdicts.All.Append(Verdicts.WrongAnswer)
            .Concat(statements.SelectMany(s => s.Days).SelectMany(d => d.Verdicts.Keys).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var csv = new StringBuilder();
        csv.Append("key_id,date,runs,cpu_ms");
        foreach (var verdict in verdicts)
            csv.Append(CultureInfo.InvariantCulture, $",runs_{verdict},cpu_ms_{verdict}");
        csv.Append(",charged_micro_credits,top_up_micro_credits,closing_micro_credits\r\n");
        foreach (var statement in statements)
        {
            foreach (var day in statement.Days)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{statement.KeyId},{day.Date},{day.Runs},{day.CpuMs}");
                foreach (var verdict in verdicts)
                {
                    var usage = day.Verdicts.GetValueOrDefault(verdict);
                    csv.Append(CultureInfo.InvariantCulture, $",{usage?.Runs ?? 0},{usage?.CpuMs ?? 0}");
                }
                csv.Append(CultureInfo.InvariantCulture, $",{day.ChargedMicroCredits},{day.TopUpMicroCredits},{day.ClosingMicroCredits}\r\n");
            }
        }
        return csv.ToString();
    }
}
