using Azure.Data.Tables;
using Neuron.Functions.Billing;
using Neuron.Functions.Usage;

namespace Neuron.Functions.UnitTests.Billing;

public sealed class StatementBuilderTests
{
    private static TableEntity Day(string date, long runs = 0, long cpuMs = 0, long charged = 0, long toppedUp = 0, params (string Verdict, long Runs, long CpuMs)[] verdicts)
    {
        var row = new TableEntity("key_x", UsageRows.DayPrefix + date)
        {
            [UsageRows.Runs] = runs, [UsageRows.CpuMs] = cpuMs, [UsageRows.Charged] = charged, [UsageRows.ToppedUp] = toppedUp,
        };
        foreach (var (verdict, n, cpu) in verdicts)
        {
            row[UsageRows.VerdictPrefix + verdict] = n;
            row[UsageRows.VerdictCpuPrefix + verdict] = cpu;
        }
        return row;
    }

    [Fact]
    public void OpeningBalance_IsEveryEarlierDay_AndEachDayClosesOnTheRunningSum()
    {
        var rows = new[]
        {
            Day("2026-12-03", runs: 2, cpuMs: 30, charged: 9_000, verdicts: [("ok", 1, 10), ("time_limit", 1, 20)]),
            Day("2026-11-20", toppedUp: 1_000_000),
            Day("2026-11-21", runs: 1, cpuMs: 5, charged: 4_100, verdicts: [("ok", 1, 5)]),
            Day("2026-12-01", toppedUp: 50_000),
        };

        var statement = StatementBuilder.Build("key_x", new DateOnly(2026, 12, 1), rows);

        Assert.Equal("2026-12", statement.Month);
        Assert.Equal(995_900, statement.OpeningMicroCredits);
        Assert.Equal(["2026-12-01", "2026-12-03"], statement.Days.Select(d => d.Date));
        Assert.Equal([1_045_900L, 1_036_900L], statement.Days.Select(d => d.ClosingMicroCredits));
        Assert.Equal(1_036_900, statement.ClosingMicroCredits);
        Assert.Equal("1.0369", statement.Closing);
        Assert.Equal((2L, 30L, 9_000L, 50_000L), (statement.Total.Runs, statement.Total.CpuMs, statement.Total.ChargedMicroCredits, statement.Total.TopUpMicroCredits));
        Assert.Equal(new VerdictUsage(1, 20), statement.Total.Verdicts["time_limit"]);
    }

    [Fact]
    public void Csv_HasOneLinePerKeyAndDay_WithEveryVerdictsColumns()
    {
        var statement = StatementBuilder.Build("key_x", new DateOnly(2026, 12, 1),
            [Day("2026-12-03", runs: 3, cpuMs: 31, charged: 9_000, toppedUp: 100, verdicts: [("ok", 2, 11), ("wrong_answer", 1, 20)])]);

        var lines = StatementCsv.Write([statement]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        Assert.Equal(header.Length, row.Length);
        string At(string column) => row[Array.IndexOf(header, column)];
        Assert.Equal(("key_x", "2026-12-03", "3", "31"), (At("key_id"), At("date"), At("runs"), At("cpu_ms")));
        Assert.Equal(("2", "11", "1", "20", "0"), (At("runs_ok"), At("cpu_ms_ok"), At("runs_wrong_answer"), At("cpu_ms_wrong_answer"), At("runs_memory_limit")));
        Assert.Equal(("9000", "100", "-8900"), (At("charged_micro_credits"), At("top_up_micro_credits"), At("closing_micro_credits")));
    }
}
