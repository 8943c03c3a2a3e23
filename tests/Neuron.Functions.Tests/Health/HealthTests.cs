using System.Net;
using System.Net.Http.Json;
using Neuron.Functions.Health;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_Is200_WithQueueDepth_WhenStorageAndRunnerAreUp()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Queues:LocalTriggersEnabled"] = "false" });
        var http = app.CreateClient();
        await http.SubmitAsync(Client.Python());
        await http.SubmitAsync(Client.Python());

        var response = await http.GetAsync("/api/health");
        var report = await response.Content.ReadFromJsonAsync<HealthReport>(Client.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", report!.Status);
        Assert.True(report.StorageReachable);
        Assert.True(report.RunnerReachable);
        Assert.Equal(2, report.QueueDepth);
        Assert.Equal(0, report.PoisonQueueDepth);
    }

    [Fact]
    public async Task Health_Is503_WhenTheRunnerIsDown()
    {
        var runner = await StubRunner.StartDownAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.CreateClient().GetAsync("/api/health");
        var report = await response.Content.ReadFromJsonAsync<HealthReport>(Client.Json);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.False(report!.RunnerReachable);
        Assert.True(report.StorageReachable);
    }
}
