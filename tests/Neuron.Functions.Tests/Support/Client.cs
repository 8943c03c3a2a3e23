using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Tests.Support;

/// <summary>Small helpers to talk to the API as a client would.</summary>
public static class Client
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> SubmitAsync(this HttpClient http, object body, string query = "") =>
        http.PostAsync("/api/runs" + query, JsonBody(body));

    public static async Task<RunDocument> RunAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<RunDocument>(Json))!;

    public static async Task<RunDocument> GetRunAsync(this HttpClient http, string id, string query = "")
    {
        var response = await http.GetAsync($"/api/runs/{id}{query}");
        response.EnsureSuccessStatusCode();
        return await response.RunAsync();
    }

    public static Task<RunDocument> WaitFinalAsync(this HttpClient http, string id, TimeSpan timeout) =>
        Eventually.GetAsync(() => http.GetRunAsync(id), r => RunStatus.IsFinal(r.Status), timeout, $"run {id} final");

    public static object Python(string source = "print(input())", string? stdin = "hello\n") => new { language = "python", source, stdin };
}
