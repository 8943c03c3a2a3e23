using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>
/// One timer tick of burst capacity: read the queue depth, the VM pool's capacity and
/// the existing container groups, plan (<see cref="BurstPlanner"/>), then delete,
/// create and touch groups. Each action is attempted even when another fails; the
/// failures are reported together at the end so the invocation shows as failed.
/// </summary>
public sealed class BurstController(
    IOptions<BurstOptions> options,
    IQueueDepthProbe queue,
    IRunnerCapacityProbe capacity,
    IContainerGroupClient groups,
    IBurstRunnerPublisher runners,
    TimeProvider time,
    ILogger<BurstController> logger)
{
    public async Task<BurstPlan?> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogDebug("Burst capacity disabled; nothing to do");
            return null;
        }

        var depth = await queue.GetDepthAsync(cancellationToken).ConfigureAwait(false);
        var vmCapacity = await capacity.GetVmCapacityAsync(cancellationToken).ConfigureAwait(false);
        var existing = await groups.ListAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var plan = BurstPlanner.Plan(new BurstSnapshot(now, depth, vmCapacity, existing), settings);

        logger.LogInformation(
            "Burst tick: queue depth {QueueDepth}, VM capacity {VmCapacity}, groups {GroupCount}, desired {Desired}; create {Create}, delete {Delete}, touch {Touch}",
            depth, vmCapacity, existing.Count, plan.Desired, plan.Create, plan.Delete.Count, plan.Touch.Count);

        var failures = new List<Exception>();
        // Published first: the dispatcher stops sending runs to a group before it is deleted.
        var leaving = plan.Delete.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var serving = existing
            .Where(g => g.State == BurstGroupState.Running && g.PrivateIp is not null && !leaving.Contains(g.Name))
            .Select(g => new BurstRunner(g.Name, new Uri($"http://{g.PrivateIp}:{settings.RunnerPort}/")))
            .ToList();
        await Attempt([runners.PublishAsync(serving, cancellationToken)], failures).ConfigureAwait(false);

        await Attempt(plan.Delete.Select(d =>
        {
            logger.LogInformation("Burst container group {GroupName} to delete: {Reason}", d.Name, d.Reason);
            return groups.DeleteAsync(d.Name, cancellationToken);
        }), failures).ConfigureAwait(false);

        var stamp = now.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        await Attempt(Enumerable.Range(1, plan.Create).Select(i =>
            groups.CreateAsync($"{settings.GroupNamePrefix}-{stamp}-{i:D2}", now, cancellationToken)), failures).ConfigureAwait(false);

        var byName = existing.ToDictionary(g => g.Name, StringComparer.Ordinal);
        await Attempt(plan.Touch.Select(name => groups.TouchAsync(byName[name], now, cancellationToken)), failures).ConfigureAwait(false);

        if (failures.Count > 0)
        {
            throw new AggregateException($"{failures.Count} burst action(s) failed", failures);
        }

        return plan;
    }

    private async Task Attempt(IEnumerable<Task> actions, List<Exception> failures)
    {
        foreach (var task in actions.ToList())
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Burst action failed");
                failures.Add(ex);
            }
        }
    }
}
