using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Neuron.Functions.Hosting;
using Neuron.Functions.Runs;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Hosting;

/// <summary>The app under the Functions host: invocations arrive as POST /{FunctionName} with the payloads in Payloads/.</summary>
public sealed class CustomHandlerInvocationTests
{
    private static readonly Dictionary<string, string?> UnderHost = new() { [HostingMode.PortVariable] = "7999" };

    [Theory]
    [InlineData("queue-plain.json")]
    [InlineData("queue-double-encoded.json")]
    [InlineData("queue-object-message.json")]
    public async Task QueueInvocation_DispatchesTheRun_AndRepliesWithTheInvocationShape(string file)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);
        var store = app.Services.GetRequiredService<RunStore>();
        await store.InsertAsync(Payloads.QueuedRun(DateTimeOffset.UtcNow), CancellationToken.None);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.DispatchRun, Json(Payloads.Read(file)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, body.RootElement.GetProperty("Logs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        var run = await store.GetAsync(Payloads.RunId, includeInputs: false, CancellationToken.None);
        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal("from the payload\n", run.Result.Stdout);
    }

    [Fact]
    public async Task QueueInvocation_RepliesNon2xx_WhenTheRunnerIsDown_SoTheHostRetries()
    {
        var runner = await StubRunner.StartDownAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);
        var store = app.Services.GetRequiredService<RunStore>();
        await store.InsertAsync(Payloads.QueuedRun(DateTimeOffset.UtcNow), CancellationToken.None);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.DispatchRun, Json(Payloads.Read("queue-plain.json")));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var run = await store.GetAsync(Payloads.RunId, includeInputs: false, CancellationToken.None);
        Assert.Equal(RunStatus.Queued, run!.Status);
        Assert.Equal(1, run.Attempts);
    }

    [Fact]
    public async Task MalformedInvocation_IsRefusedWithAProblem()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.DispatchRun, Json("{\"Data\": "));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("timer-plain.json")]
    [InlineData("timer-double-encoded.json")]
    public async Task TimerInvocation_RunsTheSweeper(string file)
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.SweepRuns, Json(Payloads.Read(file)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sweep: 0 requeued, 0 failed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BurstTimerInvocation_DoesNothing_WhenBurstCapacityIsOff()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.ScaleBurstCapacity, Json(Payloads.Read("timer-plain.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Burst: disabled", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnderTheHost_NoLocalListenerOrTimerRuns()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url, UnderHost);

        var hosted = app.Services.GetServices<IHostedService>().ToList();

        Assert.DoesNotContain(hosted, s => s is LocalQueueListener or LocalTimer);
        Assert.True(app.Services.GetRequiredService<HostingMode>().UnderFunctionsHost);
    }

    [Fact]
    public async Task InLocalMode_InvocationEndpointsAreNotExposed_AndListenersRun()
    {
        await using var runner = await StubRunner.StartAsync();
        await using var app = await FunctionsApp.StartAsync(runner.Url);

        var response = await app.CreateClient().PostAsync("/" + FunctionNames.DispatchRun, Json(Payloads.Read("queue-plain.json")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, app.Services.GetServices<IHostedService>().OfType<LocalQueueListener>().Count());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
