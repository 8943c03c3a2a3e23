using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>A runner agent process for the runner benchmark, with its pools full before measuring.</summary>
public static class SignedRunner
{
    public static async Task<ServiceProcess> StartAsync(Uri url, string secret, IReadOnlyDictionary<string, string> settings)
    {
        var runner = ServiceProcess.StartDotnet("runner", RepoRoot.Built("runner/Neuron.Runner", "Neuron.Runner.dll"), url.ToString(),
            new Dictionary<string, string>(settings) { ["Runner__Secret"] = secret, ["Logging__LogLevel__Default"] = "Warning" });
        await runner.WaitHealthyAsync(new Uri(url, "/healthz"), TimeSpan.FromMinutes(3));
        using var probe = new HttpClient { BaseAddress = url };
        await RunnerPools.WaitUntilFullAsync(probe, TimeSpan.FromMinutes(2));
        return runner;
    }
}
