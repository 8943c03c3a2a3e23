using System.Text.Json;

namespace Neuron.Testing;

/// <summary>Client-side helpers for the public runs API.</summary>
public static class PublicApi
{
    /// <summary>Long-polls GET /api/runs/{id}?wait=30 until the run is final; null if it never is within ten minutes.</summary>
    public static async Task<JsonElement?> WaitFinalAsync(HttpClient api, string id)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var run = JsonDocument.Parse(await api.GetStringAsync($"/api/runs/{id}?wait=30")).RootElement;
            if (run.GetProperty("status").GetString() is "completed" or "failed")
                return run;
        }
        return null;
    }
}
