using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Neuron.Functions.Keys;
using Neuron.Functions.Quotas;
using Neuron.Functions.Storage;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

/// <summary>
/// Each key's credits, in its ledger partition of table <c>usage</c> (<see cref="UsageRows"/>): the balance row, and a
/// hold row per admitted run. Admission holds a run's base price: ONE entity-group transaction adds the hold and
/// raises the balance's held amount under its ETag, and only when the balance less what is held covers it, so
/// instances together never admit more runs than the balance pays for. The run's charge (<see cref="UsageMeter"/>)
/// settles the hold in the transaction that meters it. A key's account opens at its first use with its free credits,
/// booked on the day the key was created. One request per key at a time from this instance, charges included
/// (<see cref="LedgerGate"/>), on the balance as this instance last wrote it (<see cref="LedgerRows"/>): a hold is one
/// transaction, and a refusal is decided on a fresh read.
/// </summary>
public sealed class CreditAccounts(StorageClients clients, StorageInitializer initializer, LedgerGate gate, LedgerRows rows, IOptions<BillingOptions> options, TimeProvider time,
    ILogger<CreditAccounts> logger)
{
    private const int MaxAttempts = 20;

    /// <summary>Holds <paramref name="amount"/> for <paramref name="runId"/>; refused when the key's available credits do not cover it.</summary>
    public async Task<CreditDecision> HoldAsync(ApiKey key, string runId, long amount, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        return await gate.RunAsync(key.Id, () => HoldUnderGateAsync(key, runId, amount, cancellationToken), cancellationToken);
    }

    private async Task<CreditDecision> HoldUnderGateAsync(ApiKey key, string runId, long amount, CancellationToken cancellationToken)
    {
        var healed = false;
        var fresh = false;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var account = await OpenAsync(key, cancellationToken);
            var balance = UsageBalance.From(account);
            if (balance.AvailableMicroCredits < amount)
            {
                if (!fresh)
                {
                    // The remembered balance may be behind another instance's top-up or release: refuse only on a read.
                    rows.Forget(key.Id, UsageRows.BalanceRow);
                    fresh = true;
                    continue;
                }
                if (!healed && await ExpireLeakedAsync(key.Id, cancellationToken))
                {
                    healed = true;
                    continue;
                }
                return new CreditDecision(false, balance.AvailableMicroCredits, amount);
            }
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.UpdateMerge,
                    new TableEntity(key.Id, UsageRows.BalanceRow) { [UsageRows.Held] = balance.HeldMicroCredits + amount }, account.ETag),
                new(TableTransactionActionType.Add, new TableEntity(key.Id, UsageRows.HoldPrefix + runId)
                {
                    [UsageRows.Amount] = amount, [UsageRows.Until] = time.GetUtcNow() + options.Value.HoldLifetime,
                }),
            ];
            try
            {
                var written = (await clients.UsageTable.SubmitTransactionAsync(actions, cancellationToken)).Value;
                rows.Merged(account, actions[0].Entity, written[0]);
                return new CreditDecision(true, balance.AvailableMicroCredits - amount, amount);
            }
            catch (TableTransactionFailedException)
            {
                rows.Forget(key.Id, UsageRows.BalanceRow);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        logger.LogWarning("Credit balance of key {KeyId} too contended; refusing", key.Id);
        return new CreditDecision(false, 0, amount, Contended: true);
    }

    /// <summary>Gives back the hold of a submission that was not accepted as a run (best effort: a leaked hold expires).</summary>
    public async Task ReleaseAsync(ApiKey key, string runId)
    {
        using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await gate.RunAsync(key.Id, () => ReleaseUnderGateAsync(key.Id, runId, cleanup.Token), cleanup.Token);
        }
        catch (Exception e) when (StorageFailure.Is(e) || e is OperationCanceledException)
        {
            logger.LogWarning("Could not give back the credit hold of run {RunId}: {Error}", runId, e.Message);
        }
    }

    private async Task<bool> ReleaseUnderGateAsync(string keyId, string runId, CancellationToken cancellationToken)
    {
        var table = clients.UsageTable;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var holdTask = table.GetEntityIfExistsAsync<TableEntity>(keyId, UsageRows.HoldPrefix + runId, cancellationToken: cancellationToken);
            var account = await rows.GetAsync(keyId, UsageRows.BalanceRow, cancellationToken);
            var hold = await holdTask;
            if (!hold.HasValue || account is null)
                return false; // charged or released already
            var held = account.GetInt64(UsageRows.Held) ?? 0;
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Delete, hold.Value!, hold.Value!.ETag),
                new(TableTransactionActionType.UpdateMerge, new TableEntity(keyId, UsageRows.BalanceRow)
                {
                    [UsageRows.Held] = Math.Max(0, held - (hold.Value!.GetInt64(UsageRows.Amount) ?? 0)),
                }, account.ETag),
            ];
            try
            {
                var written = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
                rows.Merged(account, actions[1].Entity, written[1]);
                return true;
            }
            catch (TableTransactionFailedException)
            {
                rows.Forget(keyId, UsageRows.BalanceRow);
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        throw new RequestFailedException(503, $"The credit hold of run {runId} could not be released: its key's balance kept changing.");
    }

    /// <summary>
    /// Adds <paramref name="amount"/> to the key's balance (booked today) and sets its low-balance threshold when
    /// <paramref name="lowBalance"/> is given; a balance at or above the threshold clears its recorded crossing.
    /// </summary>
    public async Task<UsageBalance> TopUpAsync(ApiKey key, long amount, long? lowBalance, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        return await gate.RunAsync(key.Id, async () =>
        {
            var table = clients.UsageTable;
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var account = await OpenAsync(key, cancellationToken);
                var now = time.GetUtcNow();
                var current = UsageBalance.From(account);
                var after = current.BalanceMicroCredits + amount;
                var threshold = lowBalance ?? current.LowBalanceMicroCredits;
                var next = new TableEntity(key.Id, UsageRows.BalanceRow)
                {
                    [UsageRows.Balance] = after,
                    [UsageRows.Held] = current.HeldMicroCredits,
                    [UsageRows.LowBalanceThreshold] = threshold,
                    [UsageRows.LowBalanceSince] = after >= threshold ? null : current.LowBalanceSince,
                };
                var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, next, account.ETag) };
                if (amount > 0)
                    actions.Add(await BookAsync(key.Id, DailyRunQuota.Day(now), amount, cancellationToken));
                try
                {
                    var written = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
                    rows.Merged(account, next, written[0]);
                    logger.LogInformation("Key {KeyId} topped up with {MicroCredits} micro-credits: balance {BalanceMicroCredits}, low-balance threshold {ThresholdMicroCredits}",
                        key.Id, amount, after, threshold);
                    return UsageBalance.From(next);
                }
                catch (TableTransactionFailedException)
                {
                    rows.Forget(key.Id, UsageRows.BalanceRow);
                    await BackOffAsync(attempt, cancellationToken);
                }
            }
            throw new RequestFailedException(503, $"Key {key.Id} could not be topped up: its balance kept changing.");
        }, cancellationToken);
    }

    /// <summary>The key's credits; a key whose account is not open yet shows what it will open with.</summary>
    public async Task<UsageBalance> GetAsync(ApiKey key, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var account = await clients.UsageTable.GetEntityIfExistsAsync<TableEntity>(key.Id, UsageRows.BalanceRow, cancellationToken: cancellationToken);
        return UsageBalance.From(account.HasValue ? account.Value! : Opening(key));
    }

    /// <summary>The key's balance row, opened with its free credits (booked on its creation day) if it has none yet.</summary>
    private async Task<TableEntity> OpenAsync(ApiKey key, CancellationToken cancellationToken)
    {
        var table = clients.UsageTable;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await rows.GetAsync(key.Id, UsageRows.BalanceRow, cancellationToken) is { } account)
                return account;
            var opening = Opening(key);
            var grant = opening.GetInt64(UsageRows.Balance) ?? 0;
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, opening) };
            if (grant > 0)
                actions.Add(await BookAsync(key.Id, DailyRunQuota.Day(key.CreatedAt), grant, cancellationToken));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                logger.LogInformation("Key {KeyId} opened its credits with {MicroCredits} free micro-credits", key.Id, grant);
            }
            catch (TableTransactionFailedException)
            {
                // Opened meanwhile (by another instance), or its creation day's row moved: look again.
                await BackOffAsync(attempt, cancellationToken);
            }
        }
        throw new RequestFailedException(503, $"The credits of key {key.Id} could not be opened: its ledger kept changing.");
    }

    private TableEntity Opening(ApiKey key) => new(key.Id, UsageRows.BalanceRow)
    {
        [UsageRows.Balance] = key.FreeMicroCredits ?? options.Value.FreeMicroCredits,
        [UsageRows.Held] = 0L,
        [UsageRows.LowBalanceThreshold] = options.Value.DefaultLowBalanceMicroCredits,
    };

    /// <summary>Adds credits to the day's row (a top-up or the opening grant), under the row's ETag; the meter's copy of the row is forgotten.</summary>
    private async Task<TableTransactionAction> BookAsync(string keyId, string day, long amount, CancellationToken cancellationToken)
    {
        rows.Forget(keyId, UsageRows.DayPrefix + day);
        var row = await clients.UsageTable.GetEntityIfExistsAsync<TableEntity>(keyId, UsageRows.DayPrefix + day, [UsageRows.ToppedUp], cancellationToken);
        var entity = new TableEntity(keyId, UsageRows.DayPrefix + day)
        {
            [UsageRows.ToppedUp] = (row.HasValue ? row.Value!.GetInt64(UsageRows.ToppedUp) ?? 0 : 0) + amount,
        };
        return row.HasValue
            ? new(TableTransactionActionType.UpdateMerge, entity, row.Value!.ETag)
            : new(TableTransactionActionType.Add, entity);
    }

    /// <summary>Releases the holds whose deadline passed; true when there was any.</summary>
    private async Task<bool> ExpireLeakedAsync(string keyId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {keyId} and RowKey gt {UsageRows.HoldPrefix} and RowKey lt {UsageRows.HoldPrefix + "~"} and Until lt {time.GetUtcNow()}");
        var any = false;
        await foreach (var hold in clients.UsageTable.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var runId = hold.RowKey[UsageRows.HoldPrefix.Length..];
            logger.LogWarning("Run {RunId} of key {KeyId} held credit past its deadline; releasing it", runId, keyId);
            any |= await ReleaseUnderGateAsync(keyId, runId, cancellationToken);
        }
        return any;
    }

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        attempt == 0 ? Task.CompletedTask : Task.Delay(Random.Shared.Next(0, 2 + attempt * 2), cancellationToken);
}
