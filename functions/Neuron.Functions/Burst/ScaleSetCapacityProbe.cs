using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>
/// VM pool capacity = the scale set's instance count × runs per VM. It counts instances
/// that are still booting too: bursting starts a little late rather than too often.
/// </summary>
public sealed class ScaleSetCapacityProbe(ArmClient arm, IOptions<BurstOptions> options) : IRunnerCapacityProbe
{
    public async Task<int> GetVmCapacityAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ScaleSetResourceId))
        {
            return 0;
        }

        var scaleSet = await arm.GetGenericResource(new ResourceIdentifier(settings.ScaleSetResourceId))
            .GetAsync(cancellationToken)
            .ConfigureAwait(false);
        var instances = (int)(scaleSet.Value.Data.Sku?.Capacity ?? 0);
        return instances * settings.RunsPerVm;
    }
}
