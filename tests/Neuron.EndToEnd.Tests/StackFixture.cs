using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Testing;

namespace Neuron.EndToEnd.Tests;

/// <summary>One whole local stack (Azurite, runner on real Docker, Functions app) for the end-to-end tests.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public LocalStack Stack { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    /// <summary>The secret key <see cref="Api"/> presents.</summary>
    public string Key { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await LocalStack.StartAsync(
            new Dictionary<string, string> { ["Runner__PoolSize"] = "1", ["Runner__Pools__python"] = "4", ["Runner__Pools__cpp20"] = "0" },
            new Dictionary<string, string>());
        // Two hundred submissions from one client in a burst: a secret key with a generous rate and quota.
        Key = await Stack.CreateKeyAsync("secret", [], "end-to-end", permitsPerMinute: 100_000, dailyRunQuota: 1_000_000, maxInFlight: 10_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits);
        Api = Stack.ApiClient(Key);
    }

    /// <summary>POST /api/runs?wait=30 and the finished run document.</summary>
    public async Task<JsonElement> RunAsync(object submission)
    {
        var response = await Api.PostAsJsonAsync("/api/runs?wait=30", submission);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        var run = JsonDocument.Parse(body).RootElement;
        Assert.Equal("completed", run.GetProperty("status").GetString());
        return run;
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Stack.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
