using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>The agent in static mode, as in an ACI burst group: it only talks to launchers someone else started.</summary>
[Collection(AciGroupCollection.Name)]
public sealed class StaticModeTests(StaticGroupFixture group) : IClassFixture<StaticGroupFixture>
{
    [Theory]
    [InlineData("python")]
    [InlineData("c")]
    public async Task HelloWorld_RunsInTheGroupsLauncher(string language)
    {
        var result = await group.RunAsync(language, Programs.Hello[language]);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal($"hello from {language}\n", result.Stdout);
        Assert.StartsWith($"{group.InstanceId}-{language}-", result.Sandbox, StringComparison.Ordinal);
        Assert.NotEqual("unknown", result.Version);
    }

    [Fact]
    public async Task InfiniteLoop_IsTimeLimit_AndTheSameLauncherServesTheNextRun()
    {
        var loop = await group.RunAsync("python", "while True: pass", limits: new RunLimits(TimeMs: 500));
        var next = await group.RunInSandboxAsync(loop.Sandbox!, new ExecuteRequest("python", Programs.Hello["python"]));

        Assert.Equal(Verdicts.TimeLimit, loop.Verdict);
        Assert.Equal(Verdicts.Ok, next.Verdict);
        Assert.Equal(loop.Sandbox, next.Sandbox);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("c")]
    public async Task InternetSocketToTheAgent_IsPermissionDenied_ThoughTheGroupIsOnANetwork(string language)
    {
        var result = await group.RunAsync(language, Programs.NetworkProbe(language, group.AgentAddress));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(Programs.NetworkDenied(language), result.Stdout);
    }

    [Fact]
    public async Task TwoLaunchersOfALanguage_RunTwoSubmissionsAtOnce()
    {
        var request = new ExecuteRequest("python", "import time\ntime.sleep(1)\nprint('done')", Limits: new RunLimits(TimeMs: 5000));

        var results = await Task.WhenAll(group.RunAsync(request), group.RunAsync(request));

        Assert.All(results, r => Assert.Equal(Verdicts.Ok, r.Verdict));
        Assert.Equal(2, results.Select(r => r.Sandbox).Distinct().Count());
    }

    [Fact]
    public async Task MemoryAboveTheContainersCeiling_Is422()
    {
        var response = await group.Client.PostAsJsonAsync("/v1/execute",
            new ExecuteRequest("python", "print(1)", Limits: new RunLimits(MemoryMb: group.MemoryMb + 1)), RunnerJsonContext.Default.ExecuteRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(group.MemoryMb, problem.GetProperty("maxMemoryMb").GetInt32());
    }

    [Fact]
    public async Task PeakMemoryAboveASmallerRequest_IsMemoryLimit()
    {
        // 70 MB resident in a container of more: nothing stops it, the agent judges it by its peak.
        var result = await group.RunAsync("python", "x = bytearray(70 * 1024 * 1024)\nprint(len(x))", limits: new RunLimits(TimeMs: 5000, MemoryMb: 40));

        Assert.Equal(Verdicts.MemoryLimit, result.Verdict);
    }

    [Fact]
    public async Task Healthz_IsOk_WithOnlyTheGroupsLanguages()
    {
        var response = await group.UnsignedClient.GetAsync("/healthz");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(0, health.GetProperty("faults").GetArrayLength());
        Assert.Equal(2, health.GetProperty("languages").GetProperty("python").GetProperty("target").GetInt32());
        Assert.Equal(1, health.GetProperty("languages").GetProperty("c").GetProperty("target").GetInt32());
        Assert.Equal(0, health.GetProperty("languages").GetProperty("java").GetProperty("target").GetInt32());
    }
}

/// <summary>A launcher that reports its container dirty is never used again, and the agent says so on /healthz.</summary>
[Collection(AciGroupCollection.Name)]
public sealed class StaticModeDirtyTests(SinglePythonGroupFixture group) : IClassFixture<SinglePythonGroupFixture>
{
    [Fact]
    public async Task LeftoverSharedMemory_RetiresTheLauncher_HealthzTurnsUnhealthy_AndTheLauncherExits()
    {
        // A System V segment outlives its process: the janitor cannot prove the container clean.
        var result = await group.RunAsync("python", "import ctypes\nprint(ctypes.CDLL(None).shmget(0, 4096, 0o1600) >= 0)");
        var response = await group.UnsignedClient.GetAsync("/healthz");
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("True\n", result.Stdout);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        var fault = Assert.Single(health.GetProperty("faults").EnumerateArray()).GetString();
        Assert.Equal($"{group.Members[0].SocketPath}: leftover_ipc", fault);
        Assert.Equal(0, health.GetProperty("languages").GetProperty("python").GetProperty("idle").GetInt32());
        // The launcher exits so that the group's restart policy replaces its container.
        var state = (await group.Docker.Containers.InspectContainerAsync(group.Members[0].ContainerId)).State;
        for (var i = 0; i < 50 && state.Running; i++)
        {
            await Task.Delay(100);
            state = (await group.Docker.Containers.InspectContainerAsync(group.Members[0].ContainerId)).State;
        }
        Assert.False(state.Running);
        Assert.Equal(3, state.ExitCode);
    }
}
