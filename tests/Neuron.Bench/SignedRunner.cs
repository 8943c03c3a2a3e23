using System.Text.Json;
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
        await WaitForFullPoolsAsync(url);
        return runner;
    }

    public static async Task WaitForFullPoolsAsync(Uri url)
    {
        using var client = new HttpClient { BaseAddress = url };
        for (var i = 0; i < 1200; i++)
        {
            var pools = JsonDocument.Parse(await (await client.GetAsync("/healthz")).Content.ReadAsStringAsync()).RootElement.GetProperty("languages");
            if (pools.EnumerateObject().All(p => p.Value.GetProperty("idle").GetInt32() == p.Value.GetProperty("target").GetInt32()))
                return;
            await Task.Delay(100);
        }
        throw new TimeoutException("the runner's pools did not fill in 2 minutes");
    }
}
