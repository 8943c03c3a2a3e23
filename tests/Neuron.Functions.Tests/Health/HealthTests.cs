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

    [Fact]
    public async Task Health_ServesOneProbeWhileFresh_ThenServesStaleWhileItReprobes_AndSeesTheRunnerGoDown()
    {
        var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, new Dictionary<string, string?> { ["Health:ServeStaleForMs"] = "60000" });
        var http = app.CreateClient();

        var first = await http.GetFromJsonAsync<HealthReport>("/api/health", Client.Json);
        var second = await http.GetFromJsonAsync<HealthReport>("/api/health", Client.Json);
        Assert.Equal(first!.CheckedAt, second!.CheckedAt);

        await runner.StopAsync();
        app.Time.Advance(TimeSpan.FromSeconds(5));
        var stale = await http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);

        var down = await Eventually.GetAsync(async () =>
            {
                app.Time.Advance(TimeSpan.FromSeconds(2));
                return await http.GetAsync("/api/health");
            },
            r => r.StatusCode == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), "health to see the runner down");
        var report = await down.Content.ReadFromJsonAsync<HealthReport>(Client.Json);
        Assert.False(report!.RunnerReachable);
        Assert.True(report.CheckedAt > first.CheckedAt);
    }
}
