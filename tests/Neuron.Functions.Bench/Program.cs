using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Neuron.Functions.Bench;
using Neuron.Functions.Tests.Support;

// POST /api/runs latency on a local Azurite, the app running as its own process in local mode.
// Usage: dotnet run -c Release --project tests/Neuron.Functions.Bench -- [--requests N] [--concurrency C] [--no-dispatch] [--no-build]
// or, for CPU and storage operations per run: -- --burst N (N runs fired at once and long-polled, as infra/bench burst does).
var requests = Arg("--requests", 1000);
var burst = Arg("--burst", 0);
var concurrency = Arg("--concurrency", 1);
var build = !args.Contains("--no-build");
// Without dispatch the app only accepts runs: the submission path alone, without the queue listener's work competing.
var dispatch = !args.Contains("--no-dispatch");

var appProject = Path.Combine(RepoRoot.Path, "functions", "Neuron.Functions");
if (build)
{
    Console.WriteLine("Building the app (Release)...");
    using var dotnet = Process.Start("dotnet", ["build", appProject, "-c", "Release", "--nologo", "-v", "q"])!;
    await dotnet.WaitForExitAsync();
    if (dotnet.ExitCode != 0)
        return 1;
}
var dll = Path.Combine(appProject, "bin", "Release", "net10.0", "Neuron.Functions.dll");

using var azurite = await AzuriteProcess.StartAsync(TimeSpan.FromSeconds(60));
await using var runner = await StubRunner.StartAsync();
var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
var adminKey = AdminApi.NewAdminKey();
var started = Stopwatch.StartNew();
await using var app = ServiceProcess.StartDotnet("functions", dll, url.ToString(), new Dictionary<string, string>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["Runner__Url"] = runner.Url.ToString(),
    ["Runner__Secret"] = StubRunner.Secret,
    ["RateLimit__PermitsPerMinute"] = "1000000",
    // The Docker burst's flood from one caller runs without a rate limit.
    ["RateLimit__Enabled"] = burst > 0 ? "false" : "true",
    ["Keys__AdminKey"] = adminKey,
    ["Logging__LogLevel__Default"] = "Warning",
    ["Queues__LocalTriggersEnabled"] = dispatch ? "true" : "false",
});
await app.WaitHealthyAsync(new Uri(url, "/api/health"), TimeSpan.FromSeconds(30));
Console.WriteLine($"App healthy {started.Elapsed.TotalMilliseconds:0} ms after its process started");

// One secret key for every request, with room for the whole run (the app's default rate is lifted above).
var key = await AdminApi.CreateKeyAsync(url, adminKey, "secret", [], "bench", permitsPerMinute: 1_000_000, dailyRunQuota: 100_000_000, maxInFlight: 10_000, freeMicroCredits: AdminApi.UnlimitedMicroCredits);
if (burst > 0)
{
    Console.WriteLine("Warm-up burst of 200...");
    await BurstScenario.RunAsync(url, key, 200, app.Pid, await azurite.PidAsync());
    await BurstScenario.RunAsync(url, key, burst, app.Pid, await azurite.PidAsync());
    return 0;
}
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = url };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
var body = JsonSerializer.Serialize(new { language = "python", source = "print(input())", stdin = "hello\n" });
StringContent Body() => new(body, Encoding.UTF8, "application/json");

Console.WriteLine($"Warming up...");
for (var i = 0; i < 100; i++)
    (await http.PostAsync("/api/runs", Body())).EnsureSuccessStatusCode();

var ids = new List<string>();
var submit = await MeasureAsync($"POST /api/runs (concurrency {concurrency})", requests, concurrency, async () =>
{
    var response = await http.PostAsync("/api/runs", Body());
    response.EnsureSuccessStatusCode();
    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    lock (ids)
        ids.Add(id);
});
var index = 0;
var get = await MeasureAsync("GET /api/runs/{id}", Math.Min(requests, ids.Count), 1, async () =>
    (await http.GetAsync($"/api/runs/{ids[Interlocked.Increment(ref index) - 1]}")).EnsureSuccessStatusCode());
var rows = new List<LatencyStats> { submit, get };
if (dispatch)
    rows.Add(await MeasureAsync("POST /api/runs?wait=10 (stub runner, end to end)", Math.Min(requests, 200), 1, async () =>
{
    var response = await http.PostAsync("/api/runs?wait=10", Body());
    if ((int)response.StatusCode != 200)
        throw new InvalidOperationException($"Run not finished in the wait: {response.StatusCode}");
}));

Console.WriteLine(dispatch ? "Dispatch on: the app also dispatches every run to the stub runner meanwhile." : "Dispatch off: submissions only.");
LatencyStats.Print(rows);
Console.WriteLine();
Console.WriteLine($"POST /api/runs p50 = {submit.P50:0.00} ms (target <= 15 ms): {(submit.P50 <= 15 ? "met" : "NOT met")}");
return 0;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static async Task<LatencyStats> MeasureAsync(string name, int count, int concurrency, Func<Task> call)
{
    var samples = new double[count];
    var next = -1;
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }));
    return LatencyStats.Of(name, samples, total.Elapsed);
}
