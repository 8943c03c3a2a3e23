using Azure;
using Azure.Data.Tables;
using Neuron.Functions.Metrics;
using Neuron.Functions.Quotas;
using Neuron.Functions.Storage;

namespace Neuron.Functions.Usage;

/// <summary>
/// Usage for pay-per-use billing, in table <c>usage</c>: PartitionKey = key id, one counter row per UTC day
/// (<c>day-yyyy-MM-dd</c>: runs, runs per verdict, CPU milliseconds) and one marker row per metered run
/// (<c>run-{id}</c>). A final run is counted by ONE entity-group transaction that inserts its marker and updates the
/// day's row under its ETag: a retried or racing dispatch finds the marker (or loses the ETag and then finds it), so
/// each run is counted exactly once however often it is recorded. The day is the run's submission day, the same day
/// its quota was taken from.
/// </summary>
public sealed class UsageMeter(StorageClients clients, StorageInitializer initializer, AppMetrics metrics, ILogger<UsageMeter> logger)
{
    public const string DayPrefix = "day-";
    public const string RunPrefix = "run-";
    public const string VerdictPrefix = "Verdict_";
    private const int MaxAttempts = 10;

    /// <summary>Counts a final run of a key; true when this call counted it, false when it was already counted.</summary>
    public async Task<bool> RecordAsync(MeteredRun run, CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken);
        var table = clients.UsageTable;
        var day = DailyRunQuota.Day(run.SubmittedAt);
        var verdict = run.Verdict;
        var cpuMs = run.CpuMs;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(run.KeyId, RunPrefix + run.RunId, ["Day"], cancellationToken);
            if (marker.HasValue)
                return false;
            var current = await table.GetEntityIfExistsAsync<TableEntity>(run.KeyId, DayPrefix + day, cancellationToken: cancellationToken);
            var counter = new TableEntity(run.KeyId, DayPrefix + day)
            {
                ["Runs"] = (current.HasValue ? current.Value!.GetInt64("Runs") ?? 0 : 0) + 1,
                ["CpuMs"] = (current.HasValue ? current.Value!.GetInt64("CpuMs") ?? 0 : 0) + cpuMs,
                [VerdictPrefix + verdict] = (current.HasValue ? current.Value!.GetInt64(VerdictPrefix + verdict) ?? 0 : 0) + 1,
            };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, new TableEntity(run.KeyId, RunPrefix + run.RunId) { ["Day"] = day, ["Verdict"] = verdict, ["CpuMs"] = cpuMs }),
                current.HasValue
                    ? new(TableTransactionActionType.UpdateMerge, counter, current.Value!.ETag)
                    : new(TableTransactionActionType.Add, counter),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                metrics.RunMetered(cpuMs);
                logger.LogInformation("Run {RunId} metered for key {KeyId} on {Day}: {Verdict}, {CpuMs} ms CPU", run.RunId, run.KeyId, day, verdict, cpuMs);
                return true;
            }
            catch (TableTransactionFailedException)
            {
                // The marker exists (another recorder won) or the day's row moved: look again.
                if (attempt > 0)
                    await Task.Delay(Random.Shared.Next(0, 2 + attempt * 4), cancellationToken);
            }
        }
        throw new RequestFailedException(503, $"Usage of run {run.RunId} could not be recorded: its day's counter kept changing.");
    }
}
