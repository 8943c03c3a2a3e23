using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Metrics;
using Neuron.Functions.Quotas;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Usage;

/// <summary>
/// Usage and charges for pay-per-use billing, in table <c>usage</c> (<see cref="UsageRows"/>). A final run is counted
/// and charged by ONE entity-group transaction that adds its marker, updates its day's row under its ETag and, when
/// the key has a balance, takes the run's charge from it under its ETag and deletes the run's hold: a retried or
/// racing dispatch finds the marker (its Add fails), or loses an ETag and tries again, so each run is counted and
/// charged exactly once however often it is recorded. The day is the run's submission day, the same day its quota was
/// taken from. A charge that takes the balance below the key's threshold records the crossing in the same
/// transaction, so <see cref="ILowBalanceAlert"/> hears of it once. One key's charges and holds are written one at a
/// time from this instance (<see cref="LedgerGate"/>): concurrent dispatches of one key no longer race for its day's
/// row and balance. The run's hold is read before its turn and the day's row and the balance are remembered as this
/// instance wrote them (<see cref="LedgerRows"/>), so a turn is one transaction.
/// </summary>
public sealed class UsageMeter(StorageClients clients, StorageInitializer initializer, LedgerGate gate, LedgerRows rows, AppMetrics metrics, ILowBalanceAlert alert,
    TimeProvider time, ILogger<UsageMeter> logger)
{
    private const int MaxAttempts = 10;

    /// <summary>Counts and charges a final run of a key; true when this call did, false when it was already done.</summary>
    public async Task<bool> RecordAsync(MeteredRun run, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        // The run's hold is its own: no other run's charge moves it, so it is read before the key's turn.
        var hold = await ReadHoldAsync(run, cancellationToken);
        var (recorded, crossed) = await gate.RunAsync(run.KeyId, () => RecordUnderGateAsync(run, hold, cancellationToken), cancellationToken);
        if (crossed is not null)
            await alert.CrossedAsync(run.KeyId, crossed.Balance, crossed.Threshold, crossed.At, cancellationToken);
        return recorded;
    }

    /// <summary>The metering transaction: whether this call counted the run, and the low-balance crossing it made, if any.</summary>
    private async Task<(bool Recorded, LowBalance? Crossed)> RecordUnderGateAsync(MeteredRun run, TableEntity? hold, CancellationToken cancellationToken)
    {
        var table = clients.UsageTable;
        var day = DailyRunQuota.Day(run.SubmittedAt);
        var dayRow = UsageRows.DayPrefix + day;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            // No marker read: the transaction's Add of the marker is the check (one read fewer per run).
            var currentTask = rows.GetAsync(run.KeyId, dayRow, cancellationToken);
            var balanceTask = rows.GetAsync(run.KeyId, UsageRows.BalanceRow, cancellationToken);
            var current = await currentTask;
            var balance = await balanceTask;
            // A key without a balance (a run accepted before billing existed) is counted but not charged.
            var charge = balance is not null ? run.ChargeMicroCredits : 0;
            var actions = new List<TableTransactionAction>(4)
            {
                new(TableTransactionActionType.Add, new TableEntity(run.KeyId, UsageRows.RunPrefix + run.RunId)
                {
                    ["Day"] = day, ["Verdict"] = run.Verdict, [UsageRows.CpuMs] = run.CpuMs, [UsageRows.Charged] = charge,
                }),
                DayAction(run, day, charge, current),
            };
            var crossed = (LowBalance?)null;
            if (balance is not null)
            {
                var (action, low) = BalanceAction(balance, charge, hold?.GetInt64(UsageRows.Amount) ?? 0);
                actions.Add(action);
                crossed = low;
            }
            if (hold is not null)
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(run.KeyId, UsageRows.HoldPrefix + run.RunId), hold.ETag));
            try
            {
                var written = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
                rows.Merged(current, actions[1].Entity, written[1]);
                if (balance is not null)
                    rows.Merged(balance, actions[2].Entity, written[2]);
            }
            catch (TableTransactionFailedException e) when (e.FailedTransactionActionIndex == 0 && e.Status == 409)
            {
                return (false, null); // metered already: its marker exists
            }
            catch (TableTransactionFailedException)
            {
                // The day's row, the balance or the hold moved: look again.
                rows.Forget(run.KeyId, dayRow);
                rows.Forget(run.KeyId, UsageRows.BalanceRow);
                hold = await ReadHoldAsync(run, cancellationToken);
                if (attempt > 0)
                    await Task.Delay(Random.Shared.Next(0, 2 + attempt * 4), cancellationToken);
                continue;
            }
            metrics.RunMetered(run.CpuMs);
            logger.LogInformation("Run {RunId} metered for key {KeyId} on {Day}: {Verdict}, {CpuMs} ms CPU, {ChargeMicroCredits} micro-credits",
                run.RunId, run.KeyId, day, run.Verdict, run.CpuMs, charge);
            return (true, crossed);
        }
        throw new RequestFailedException(503, $"Usage of run {run.RunId} could not be recorded: its day's counter or its key's balance kept changing.");
    }

    private async Task<TableEntity?> ReadHoldAsync(MeteredRun run, CancellationToken cancellationToken)
    {
        var hold = await clients.UsageTable.GetEntityIfExistsAsync<TableEntity>(run.KeyId, UsageRows.HoldPrefix + run.RunId, [UsageRows.Amount], cancellationToken);
        return hold.HasValue ? hold.Value : null;
    }

    private static TableTransactionAction DayAction(MeteredRun run, string day, long charge, TableEntity? row)
    {
        long Get(string column) => row?.GetInt64(column) ?? 0;
        var counter = new TableEntity(run.KeyId, UsageRows.DayPrefix + day)
        {
            [UsageRows.Runs] = Get(UsageRows.Runs) + 1,
            [UsageRows.CpuMs] = Get(UsageRows.CpuMs) + run.CpuMs,
            [UsageRows.VerdictPrefix + run.Verdict] = Get(UsageRows.VerdictPrefix + run.Verdict) + 1,
            [UsageRows.VerdictCpuPrefix + run.Verdict] = Get(UsageRows.VerdictCpuPrefix + run.Verdict) + run.CpuMs,
            [UsageRows.Charged] = Get(UsageRows.Charged) + charge,
        };
        return row is null
            ? new(TableTransactionActionType.Add, counter)
            : new(TableTransactionActionType.UpdateMerge, counter, row.ETag);
    }

    private sealed record LowBalance(long Balance, long Threshold, DateTimeOffset At);

    /// <summary>The balance less the charge, the hold settled; and the crossing of the threshold, if this charge is it.</summary>
    private (TableTransactionAction Action, LowBalance? Crossed) BalanceAction(TableEntity balance, long charge, long held)
    {
        var after = (balance.GetInt64(UsageRows.Balance) ?? 0) - charge;
        var threshold = balance.GetInt64(UsageRows.LowBalanceThreshold) ?? 0;
        var next = new TableEntity(balance.PartitionKey, UsageRows.BalanceRow)
        {
            [UsageRows.Balance] = after,
            [UsageRows.Held] = Math.Max(0, (balance.GetInt64(UsageRows.Held) ?? 0) - held),
        };
        LowBalance? crossed = null;
        if (after < threshold && balance.GetDateTimeOffset(UsageRows.LowBalanceSince) is null)
        {
            var now = time.GetUtcNow();
            next[UsageRows.LowBalanceSince] = now;
            crossed = new LowBalance(after, threshold, now);
        }
        return (new(TableTransactionActionType.UpdateMerge, next, balance.ETag), crossed);
    }
}
