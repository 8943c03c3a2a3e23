using System.Text.Json;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>Pools follow demand: a language outside WarmLanguages has no sandbox until a run asks, and none after it idles.</summary>
public sealed class OnDemandPoolTests(OnDemandFixture runner) : IClassFixture<OnDemandFixture>
{
    [Fact]
    public async Task OnDemandLanguage_StartsASandboxForARun_AndRetiresItWhenIdle()
    {
        var before = await PoolAsync("lua");
        Assert.True(before.GetProperty("onDemand").GetBoolean());
        Assert.Equal(0, before.GetProperty("idle").GetInt32() + before.GetProperty("busy").GetInt32() + before.GetProperty("starting").GetInt32());
        Assert.StartsWith("Lua 5.4", before.GetProperty("version").GetString()); // from the image's label, no sandbox needed
        Assert.False((await PoolAsync("python")).GetProperty("onDemand").GetBoolean());

        var result = await runner.RunAsync("lua", "print('on demand')");

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("on demand\n", result.Stdout);
        // The health check retires the idle sandbox after OnDemandIdleTimeout; wait (bounded) until the agent removed it.
        await DockerEngine.WaitUntilRemovedAsync(runner.Docker, runner.InstanceId, result.Sandbox!);
        var after = await PoolAsync("lua");
        Assert.Equal(0, after.GetProperty("idle").GetInt32());
    }

    private async Task<JsonElement> PoolAsync(string language)
    {
        var health = JsonDocument.Parse(await (await runner.UnsignedClient.GetAsync("/healthz")).Content.ReadAsStringAsync()).RootElement;
        return health.GetProperty("languages").GetProperty(language);
    }
}
