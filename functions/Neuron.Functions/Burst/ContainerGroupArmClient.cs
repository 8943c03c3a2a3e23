using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Burst;

/// <summary>
/// Container groups through ARM generic resources (Azure.ResourceManager.ContainerInstance
/// is not available here): PUT and DELETE as long-running operations polled to the end,
/// PATCH for tags, the resource-group listing filtered to container groups.
/// </summary>
public sealed class ContainerGroupArmClient(
    ArmClient arm,
    IOptions<BurstOptions> options,
    ArmConflictRetry conflictRetry,
    ILogger<ContainerGroupArmClient> logger) : IContainerGroupClient
{
    private const string ListFilter = "resourceType eq 'Microsoft.ContainerInstance/containerGroups'";

    public async Task<IReadOnlyList<BurstGroup>> ListAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var resourceGroup = arm.GetResourceGroupResource(
            ResourceGroupResource.CreateResourceIdentifier(settings.SubscriptionId, settings.ResourceGroupName));
        var groups = new List<BurstGroup>();
        await foreach (var resource in resourceGroup
            .GetGenericResourcesAsync(ListFilter, "provisioningState,createdTime", top: null, cancellationToken)
            .ConfigureAwait(false))
        {
            var data = resource.Data;
            if (!data.Tags.TryGetValue(BurstTags.Owner, out var owner) || owner != settings.GroupNamePrefix)
            {
                continue;
            }

            var created = BurstTags.ParseTime(data.Tags, BurstTags.CreatedAt) ?? data.CreatedOn ?? DateTimeOffset.MinValue;
            var state = StateOf(data.ProvisioningState);
            // A listing carries no properties: a running group's address needs its own GET.
            var ip = state == BurstGroupState.Running ? await PrivateIpAsync(data.Id, cancellationToken).ConfigureAwait(false) : null;
            groups.Add(new BurstGroup(data.Name, state, created, BurstTags.ParseTime(data.Tags, BurstTags.LastDemandAt), ip));
        }

        return groups;
    }

    public async Task CreateAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var data = ContainerGroupDefinition.Build(name, now, options.Value);
        var id = IdOf(name);
        logger.LogInformation("Creating burst container group {GroupName}", name);
        await conflictRetry.ExecuteAsync("create", name, async ct =>
        {
            var operation = await arm.GetGenericResources()
                .CreateOrUpdateAsync(WaitUntil.Completed, id, data, ct)
                .ConfigureAwait(false);
            logger.LogInformation(
                "Burst container group {GroupName} provisioned: {ProvisioningState}", name, operation.Value.Data.ProvisioningState);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var id = IdOf(name);
        logger.LogInformation("Deleting burst container group {GroupName}", name);
        await conflictRetry.ExecuteAsync("delete", name, async ct =>
        {
            try
            {
                await arm.GetGenericResource(id).DeleteAsync(WaitUntil.Completed, ct).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Already gone: the goal of a delete.
            }
        }, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Burst container group {GroupName} deleted", name);
    }

    public async Task TouchAsync(BurstGroup group, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(group);
        var settings = options.Value;
        var patch = new GenericResourceData(new AzureLocation(settings.Location));
        foreach (var tag in BurstTags.For(settings.GroupNamePrefix, group.CreatedAt, now))
        {
            patch.Tags.Add(tag.Key, tag.Value);
        }

        await conflictRetry.ExecuteAsync("touch", group.Name, async ct =>
            await arm.GetGenericResource(IdOf(group.Name)).UpdateAsync(WaitUntil.Completed, patch, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private ResourceIdentifier IdOf(string name)
    {
        var settings = options.Value;
        return new ResourceIdentifier(
            $"/subscriptions/{settings.SubscriptionId}/resourceGroups/{settings.ResourceGroupName}/providers/{BurstArmClientFactory.ContainerGroupType}/{name}");
    }

    private async Task<string?> PrivateIpAsync(ResourceIdentifier id, CancellationToken cancellationToken)
    {
        var group = await arm.GetGenericResource(id).GetAsync(cancellationToken).ConfigureAwait(false);
        var properties = group.Value.Data.Properties?.ToObjectFromJson<JsonNode>();
        return (string?)properties?["ipAddress"]?["ip"];
    }

    private static BurstGroupState StateOf(string? provisioningState) => provisioningState switch
    {
        "Succeeded" => BurstGroupState.Running,
        "Failed" or "Canceled" or "Deleting" or "Unhealthy" => BurstGroupState.Broken,
        _ => BurstGroupState.Starting,
    };
}
