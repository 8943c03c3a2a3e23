using Microsoft.Azure.Functions.Worker;

namespace Neuron.Functions.Burst;

/// <summary>Burst capacity on Azure Container Instances; does nothing unless <c>Burst:Enabled</c>.</summary>
public sealed class BurstFunctions(BurstController burst, ILogger<BurstFunctions> logger)
{
    /// <summary>Every minute, on the minute.</summary>
    [Function("ScaleBurstCapacity")]
    public async Task ScaleAsync([TimerTrigger("0 */1 * * * *", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var plan = await burst.RunAsync(cancellationToken);
        if (plan is not null)
            logger.LogInformation("Burst: {Desired} wanted, {Created} created, {Deleted} deleted", plan.Desired, plan.Create, plan.Delete.Count);
    }
}
