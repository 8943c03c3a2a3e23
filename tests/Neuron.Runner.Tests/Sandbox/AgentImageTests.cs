using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;
using Neuron.Runner.Tests.Support;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// The ACI group, container for container, on the real Docker engine: the neuron-runner/agent:3 image in static mode
/// and a python sandbox container, sharing one folder at /run/neuron as the group's emptyDir.
/// </summary>
[Collection(AciGroupCollection.Name)]
public sealed class AgentImageTests
{
    private const string AgentImage = "neuron-runner/agent:3";

    [Fact]
    public async Task AgentImage_ServesHealthz_AndRunsCode_InStaticModeBesideASandboxContainer()
    {
        using var docker = DockerEngine.Connect();
        await DockerEngine.RequireImagesAsync(docker);
        try
        {
            await docker.Images.InspectImageAsync(AgentImage);
        }
        catch (DockerImageNotFoundException e)
        {
            throw new InvalidOperationException($"{AgentImage} is missing: run infra/build-images agent", e);
        }
        var group = "a" + Guid.NewGuid().ToString("N")[..10];
        var shared = "/tmp/nagent-" + group;
        Directory.CreateDirectory(shared, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var created = new List<string>();
        try
        {
            var python = ShippedLanguages.Get("python");
            var factory = new ContainerFactory(docker, Options.Create(new RunnerOptions { InstanceId = group }), NullLogger<ContainerFactory>.Instance);
            var sandbox = factory.Spec(python, $"neuron-{group}-python", shared, python.DefaultLimits.MemoryMb * 1024L * 1024L, StaticGroupFixture.StaticSandboxUid);
            sandbox.Env = ["NEURON_LAUNCHER_SOCKET=/run/neuron/python/launcher.sock"];
            created.Add((await docker.Containers.CreateContainerAsync(sandbox)).ID);

            var port = FreePort.Next();
            var agent = new CreateContainerParameters
            {
                Name = $"neuron-{group}-agent",
                Image = AgentImage,
                Labels = new Dictionary<string, string> { [SandboxLabels.Instance] = group },
                Env =
                [
                    $"Runner__Secret={RunnerFixture.Secret}",
                    $"Runner__InstanceId={group}",
                    "Runner__StaticLaunchers__python=/run/neuron/python/launcher.sock",
                    $"Runner__StaticMemoryMb={python.DefaultLimits.MemoryMb}",
                ],
                ExposedPorts = new Dictionary<string, EmptyStruct> { ["5080/tcp"] = default },
                HostConfig = new HostConfig
                {
                    Binds = [$"{shared}:/run/neuron:rw"],
                    PortBindings = new Dictionary<string, IList<PortBinding>>
                    {
                        ["5080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
                    },
                },
            };
            created.Add((await docker.Containers.CreateContainerAsync(agent)).ID);
            foreach (var id in created)
                await docker.Containers.StartContainerAsync(id, new ContainerStartParameters());
            var url = new Uri($"http://127.0.0.1:{port}/");

            await RunnerPools.WaitUntilFullAsync(new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) }, TimeSpan.FromMinutes(1));
            using var health = await new HttpClient { BaseAddress = url }.GetAsync("/healthz");
            var status = JsonDocument.Parse(await health.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
            using var client = SignedClient.Create(url, RunnerFixture.Secret);
            var response = await client.PostAsJsonAsync("/v1/execute", new ExecuteRequest("python", Programs.Hello["python"]), RunnerJsonContext.Default.ExecuteRequest);
            var result = await response.Content.ReadFromJsonAsync(RunnerJsonContext.Default.ExecuteResult);

            Assert.True(health.IsSuccessStatusCode, $"healthz answered {(int)health.StatusCode}");
            Assert.Equal("ok", status);
            Assert.Equal(Verdicts.Ok, result!.Verdict);
            Assert.Equal("hello from python\n", result.Stdout);
            Assert.Equal($"{group}-python-0", result.Sandbox);
        }
        finally
        {
            foreach (var id in created)
                await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
            Directory.Delete(shared, recursive: true);
        }
    }
}
