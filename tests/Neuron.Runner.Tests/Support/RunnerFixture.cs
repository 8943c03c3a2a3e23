using System.Net.Http.Json;
using Docker.DotNet;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Neuron.Runner.Contracts;
using Neuron.Testing;

namespace Neuron.Runner.Tests.Support;

/// <summary>
/// One real runner agent per test run, hosted in-process against the real Docker engine, with a client that
/// signs every request. Fails (never skips) when Docker or the sandbox images are missing. Its sandboxes run under
/// <see cref="RuntimeUnderTest"/> (runc, or runsc in the gVisor leg of the test matrix).
/// </summary>
public class RunnerFixture : IAsyncLifetime
{
    public const string Secret = "test-secret-0123456789-0123456789-abcdef";
    private WebApplicationFactory<Program>? _factory;

    public string InstanceId { get; } = "t" + Guid.NewGuid().ToString("N")[..10];
    public HttpClient Client { get; private set; } = null!;
    public HttpClient UnsignedClient { get; private set; } = null!;
    public DockerClient Docker { get; } = DockerEngine.Connect();

    /// <summary>Settings beyond the defaults; subclasses shape their own runner.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Runner:PoolSize"] = "1",
        ["Runner:Pools:python"] = "4",
        ["Runner:MaxConcurrency"] = "4",
        ["Runner:QueueTimeout"] = "00:01:00",
    };

    public virtual async Task InitializeAsync()
    {
        await DockerEngine.RequireImagesAsync(Docker);
        await RuntimeUnderTest.RequireRegisteredAsync(Docker);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Runner:Secret", Secret);
            b.UseSetting("Runner:InstanceId", InstanceId);
            b.UseSetting("Runner:Runtime", RuntimeUnderTest.Name);
            foreach (var (key, value) in Settings)
                b.UseSetting(key, value);
        });
        Client = _factory.CreateDefaultClient(new SigningHandler(System.Text.Encoding.UTF8.GetBytes(Secret), TimeProvider.System));
        Client.Timeout = TimeSpan.FromMinutes(3);
        UnsignedClient = _factory.CreateClient();
        await RunnerPools.WaitUntilFullAsync(UnsignedClient, TimeSpan.FromMinutes(2));
    }

    /// <summary>Healthy means one container per language; tests about capacity need every pool full.</summary>
    public Task WaitForFullPoolsAsync() => RunnerPools.WaitUntilFullAsync(UnsignedClient, TimeSpan.FromMinutes(1));

    public async Task<ExecuteResult> RunAsync(ExecuteRequest request)
    {
        var response = await Client.PostAsJsonAsync("/v1/execute", request, RunnerJsonContext.Default.ExecuteRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, RunnerJsonContext.Default.ExecuteResult)!;
    }

    public Task<ExecuteResult> RunAsync(string language, string source, string? stdin = null, RunLimits? limits = null) =>
        RunAsync(new ExecuteRequest(language, source, Stdin: stdin, Limits: limits));

    /// <summary>Runs <paramref name="request"/> until it lands in <paramref name="sandbox"/> (the pool hands containers out in turn).</summary>
    public async Task<ExecuteResult> RunInSandboxAsync(string sandbox, ExecuteRequest request)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var result = await RunAsync(request);
            if (result.Sandbox == sandbox)
                return result;
        }
        throw new InvalidOperationException($"never got sandbox {sandbox} back: was it replaced?");
    }

    public virtual async Task DisposeAsync()
    {
        if (_factory is not null)
            await _factory.DisposeAsync();
        // Stopping the agent must remove every container it owned (Docker may still be finishing a removal).
        var left = await DockerEngine.ContainersOfAsync(Docker, InstanceId);
        for (var i = 0; i < 100 && left.Count > 0; i++)
        {
            await Task.Delay(100);
            left = await DockerEngine.ContainersOfAsync(Docker, InstanceId);
        }
        Docker.Dispose();
        if (left.Count > 0)
            throw new InvalidOperationException($"{left.Count} sandbox containers of {InstanceId} survived the agent's shutdown");
    }
}

[CollectionDefinition(Name)]
public sealed class RunnerCollection : ICollectionFixture<RunnerFixture>
{
    public const string Name = "runner";
}
