using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Neuron.Functions.Tests.Support;

namespace Neuron.Functions.Tests.Keys;

/// <summary><c>infra/keys</c> against the app running as a process, as an operator would use it.</summary>
public sealed class KeysScriptTests
{
    private static readonly string Script = Path.Combine(RepoRoot.Path, "infra", "keys");

    [Fact]
    public async Task KeysScript_PassesShellcheck()
    {
        var (exit, output) = await RunAsync("shellcheck", ["-x", Script, Path.Combine(RepoRoot.Path, "infra", "up")], new Dictionary<string, string>());

        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task KeysScript_CreatesListsAndRevokesKeys()
    {
        await using var runner = await StubRunner.StartAsync();
        var (app, url) = await AppProcess.StartAsync(runner);
        await using var _ = app;
        var adminKeyFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(adminKeyFile, FunctionsApp.AdminKey + "\n");
        var env = new Dictionary<string, string> { ["NEURON_API_URL"] = url.ToString() };
        try
        {
            var (created, key) = await RunAsync(Script, ["create", "--admin-key-file", adminKeyFile, "--kind", "publishable", "--name", "my \"blog\"",
                "--origin", "http://localhost:8080", "--origin", "https://blog.example", "--daily-run-quota", "7", "--max-in-flight", "3", "--max-time-ms", "900", "--print-key"], env);
            Assert.True(created == 0, key);
            key = key.Trim();
            Assert.Matches("^pk_[0-9A-Za-z]{32}$", key);

            var (listed, listing) = await RunAsync(Script, ["list", "--admin-key-file", adminKeyFile], env);
            Assert.True(listed == 0, listing);
            var line = Assert.Single(listing.Split('\n'), l => l.Contains("publishable"));
            Assert.Contains("active", line);
            Assert.Contains("my \\\"blog\\\"", line);
            var id = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.Matches("^key_", id);
            var (json, raw) = await RunAsync(Script, ["list", "--json", "--admin-key-file", adminKeyFile], env);
            Assert.Contains("\"dailyRunQuota\":7", raw);
            Assert.Contains("\"timeMs\":900", raw);
            Assert.Contains("\"maxInFlight\":3", raw);
            Assert.DoesNotContain(key, raw);

            using var browser = new HttpClient { BaseAddress = url };
            browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            browser.DefaultRequestHeaders.Add("Origin", "https://blog.example");
            Assert.Equal(HttpStatusCode.Accepted, (await browser.PostAsync("/api/runs", Client.JsonBody(Client.Python()))).StatusCode);

            var (replaced, secret) = await RunAsync(Script, ["webhook-secret", id, "--admin-key-file", adminKeyFile], env);
            Assert.True(replaced == 0, secret);
            Assert.Matches("^whsec_[0-9A-Za-z]{32}$", secret.Split('\n')[0].Trim());
            Assert.DoesNotContain("whsec_", (await RunAsync(Script, ["list", "--json", "--admin-key-file", adminKeyFile], env)).Output);

            env["NEURON_ADMIN_KEY"] = FunctionsApp.AdminKey;
            var (revoked, revokeOutput) = await RunAsync(Script, ["revoke", id], env);
            Assert.True(revoked == 0, revokeOutput);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/api/runs", Client.JsonBody(Client.Python()))).StatusCode);
            Assert.Contains("revoked", (await RunAsync(Script, ["list"], env)).Output);

            env["NEURON_ADMIN_KEY"] = "wrong-admin-key-wrong-admin-key-wrong";
            var (refused, refusal) = await RunAsync(Script, ["list"], env);
            Assert.NotEqual(0, refused);
            Assert.Contains("401", refusal);
        }
        finally
        {
            File.Delete(adminKeyFile);
        }
    }

    [Fact]
    public async Task KeysScript_TopsUpCredits_AndExportsStatements()
    {
        await using var runner = await StubRunner.StartAsync();
        var (app, url) = await AppProcess.StartAsync(runner);
        await using var _ = app;
        var env = new Dictionary<string, string> { ["NEURON_API_URL"] = url.ToString(), ["NEURON_ADMIN_KEY"] = FunctionsApp.AdminKey };
        var (created, key) = await RunAsync(Script, ["create", "--kind", "secret", "--name", "billed", "--free-micro-credits", "0", "--print-key"], env);
        Assert.True(created == 0, key);
        using var server = new HttpClient { BaseAddress = url };
        server.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Trim());
        Assert.Equal(HttpStatusCode.PaymentRequired, (await server.PostAsync("/api/runs", Client.JsonBody(Client.Python()))).StatusCode);
        var id = (await RunAsync(Script, ["list"], env)).Output.Split('\n').Single(l => l.Contains("billed")).Split(' ')[0];

        var (toppedUp, topUp) = await RunAsync(Script, ["top-up", id, "--micro-credits", "12000", "--low-balance-micro-credits", "3000"], env);

        Assert.True(toppedUp == 0, topUp);
        Assert.Contains("\"lowBalanceMicroCredits\":3000", topUp);
        Assert.Contains("0.012 credits available", topUp);
        Assert.Equal(HttpStatusCode.Accepted, (await server.PostAsync("/api/runs", Client.JsonBody(Client.Python()))).StatusCode);
        var (exported, csv) = await RunAsync(Script, ["statements", "--csv"], env);
        Assert.True(exported == 0, csv);
        var lines = csv.Split("\r\n");
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.StartsWith(id + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal("12000", row[Array.IndexOf(header, "top_up_micro_credits")]);
        Assert.NotEqual(0, (await RunAsync(Script, ["top-up", id], env)).Exit);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout + await stderr);
    }
}
