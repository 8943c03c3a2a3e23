using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Neuron.Testing;

/// <summary>Client-side helpers for the admin API (<c>/api/admin/keys</c>) of a running Functions app.</summary>
public static class AdminApi
{
    /// <summary>A random admin key of the required length (≥ 32 characters).</summary>
    public static string NewAdminKey() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));

    /// <summary>Plenty of credits (a billion), for keys whose tests and benchmarks are not about billing.</summary>
    public const long UnlimitedMicroCredits = 1_000_000_000_000_000;

    /// <summary>Creates a key and returns it in plaintext (the only time it is shown).</summary>
    public static async Task<string> CreateKeyAsync(Uri apiUrl, string adminKey, string kind, IReadOnlyList<string> origins,
        string name = "tests", int? permitsPerMinute = null, int? dailyRunQuota = null, int? maxInFlight = null, long? freeMicroCredits = null,
        CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = apiUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var body = JsonSerializer.Serialize(new { kind, name, origins, permitsPerMinute, dailyRunQuota, maxInFlight, freeMicroCredits }, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        });
        using var response = await http.PostAsync("/api/admin/keys", new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Creating a {kind} key failed with {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("key").GetString()!;
    }
}
