using System.Text.Json;

namespace Neuron.Testing;

/// <summary>
/// The runner reports healthy once every warm language has a container; capacity tests need every warm pool full
/// (an on-demand pool starts its containers for the runs that ask: it is full once ready, its image found).
/// </summary>
public static class RunnerPools
{
    public static async Task WaitUntilFullAsync(HttpClient runner, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                // 503 while some pool refills: the body still tells each pool's state.
                last = await (await runner.GetAsync("/healthz")).Content.ReadAsStringAsync();
                var pools = JsonDocument.Parse(last).RootElement.GetProperty("languages");
                if (pools.EnumerateObject().All(p => (p.Value.GetProperty("onDemand").GetBoolean() && p.Value.GetProperty("ready").GetBoolean())
                        || p.Value.GetProperty("idle").GetInt32() == p.Value.GetProperty("target").GetInt32()))
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or JsonException or KeyNotFoundException)
            {
                last = e.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the runner's pools did not fill within {bound}: {last}");
    }
}
