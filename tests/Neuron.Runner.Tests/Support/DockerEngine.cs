using Docker.DotNet;
using Docker.DotNet.Models;

namespace Neuron.Runner.Tests.Support;

/// <summary>The real Docker engine the integration tests need; its absence is a failure, not a skip.</summary>
public static class DockerEngine
{
    /// <summary>Every sandbox image the shipped languages.json names.</summary>
    public static readonly string[] Images = [.. ShippedLanguages.Catalog.All.Select(l => l.Image).Distinct()];

    public static DockerClient Connect() => new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();

    public static async Task RequireImagesAsync(DockerClient docker)
    {
        try
        {
            await docker.System.PingAsync();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("No Docker engine at /var/run/docker.sock: run infra/test (it installs and starts one)", e);
        }
        foreach (var image in Images)
        {
            try
            {
                await docker.Images.InspectImageAsync(image);
            }
            catch (DockerImageNotFoundException e)
            {
                throw new InvalidOperationException($"Sandbox image {image} is missing: run infra/build-images", e);
            }
        }
    }

    public static async Task<IList<ContainerListResponse>> ContainersOfAsync(DockerClient docker, string instance) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Size = true,
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["label"] = new Dictionary<string, bool> { [$"neuron.runner.instance={instance}"] = true },
            },
        });

    /// <summary>
    /// The inspection of every container of <paramref name="instance"/> that still exists: the pool removes retired
    /// containers in the background, so one listed a moment ago may be gone by the time it is inspected.
    /// </summary>
    public static async Task<IList<ContainerInspectResponse>> InspectAllOfAsync(DockerClient docker, string instance)
    {
        var inspections = new List<ContainerInspectResponse>();
        foreach (var container in await ContainersOfAsync(docker, instance))
        {
            try
            {
                inspections.Add(await docker.Containers.InspectContainerAsync(container.ID));
            }
            catch (DockerContainerNotFoundException)
            {
            }
        }
        return inspections;
    }

    /// <summary>Waits (bounded) until <paramref name="sandbox"/> is gone: the pool retired it.</summary>
    public static async Task WaitUntilRemovedAsync(DockerClient docker, string instance, string sandbox)
    {
        for (var i = 0; i < 100; i++)
        {
            var names = (await ContainersOfAsync(docker, instance)).SelectMany(c => c.Names).ToList();
            if (!names.Contains("/" + sandbox))
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"{sandbox} was not removed");
    }
}
