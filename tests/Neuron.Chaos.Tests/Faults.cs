using Azure.Storage.Queues;

namespace Neuron.Chaos.Tests;

/// <summary>Every fault of the suite, in the order the table lists them.</summary>
public static class Faults
{
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(60);

    /// <summary>How long a faulty runner stays faulty (500 or hanging) before it is healthy again.</summary>
    private static readonly TimeSpan FaultyFor = TimeSpan.FromSeconds(4);

    public static IReadOnlyList<Fault> All { get; } =
    [
        new("runner SIGKILL", (f, _) => RestartRunnerAsync(f, "KILL"), CutsRunnerLog: true),
        new("runner SIGTERM", (f, _) => RestartRunnerAsync(f, "TERM")),
        new("app SIGKILL", (f, _) => RestartFunctionsAsync(f, "KILL")),
        new("app SIGTERM", (f, _) => RestartFunctionsAsync(f, "TERM")),
        new("dockerd SIGKILL", (f, _) => DockerEngine.KillAndRestartAsync("KILL", f.Notes)),
        new("dockerd SIGTERM", (f, _) => DockerEngine.KillAndRestartAsync("TERM", f.Notes)),
        new("Azurite SIGKILL", (f, _) => RestartAzuriteAsync(f, "KILL"), MayLoseRuns: true),
        new("Azurite SIGTERM", (f, _) => RestartAzuriteAsync(f, "TERM")),
        new("runner answers 500", (f, _) => MakeRunnerFaultyAsync(f, ProxyMode.Fail500)),
        new("runner hangs", (f, _) => MakeRunnerFaultyAsync(f, ProxyMode.Hang)),
        new("duplicate queue delivery", DeliverAgainAsync, AfterFinalAsync: DeliverAgainAsync),
        new("sandbox container killed", (f, _) => DockerEngine.KillASandboxAsync(f.Stack.RunnerInstanceId)),
    ];

    public static Fault Named(string name) => All.Single(f => f.Name == name);

    private static async Task RestartRunnerAsync(ChaosFixture fixture, string signal)
    {
        await fixture.Stack.Runner.SignalAsync(signal, StopBound);
        await fixture.Stack.RestartRunnerAsync();
    }

    private static async Task RestartFunctionsAsync(ChaosFixture fixture, string signal)
    {
        await fixture.Stack.Functions.SignalAsync(signal, StopBound);
        await fixture.Stack.RestartFunctionsAsync();
    }

    private static async Task RestartAzuriteAsync(ChaosFixture fixture, string signal)
    {
        await fixture.Stack.Azurite.SignalAsync(signal, StopBound);
        await fixture.Stack.Azurite.RestartAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task MakeRunnerFaultyAsync(ChaosFixture fixture, ProxyMode mode)
    {
        fixture.Proxy.Mode = mode;
        await Task.Delay(FaultyFor);
        fixture.Proxy.Mode = ProxyMode.Pass;
    }

    /// <summary>
    /// Every run's message delivered again (a bare run id, as the dispatcher accepts it): while the runs are in flight,
    /// and once more after they are final. Returns when the queue has taken them all.
    /// </summary>
    private static async Task DeliverAgainAsync(ChaosFixture fixture, IReadOnlyList<string> runIds)
    {
        var queue = new QueueClient(fixture.Stack.Azurite.ConnectionString, "runs");
        foreach (var id in runIds)
            await queue.SendMessageAsync(id);
        for (var i = 0; i < 600 && (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0; i++)
            await Task.Delay(100);
    }
}
