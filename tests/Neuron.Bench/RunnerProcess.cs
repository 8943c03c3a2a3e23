using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Neuron.Runner.Contracts;

namespace Neuron.Bench;

/// <summary>A runner agent started as its own process, as in production, with a signed client.</summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RunnerProcess(Process process, string url, string secret)
    {
        _process = process;
        Url = url;
        Client = new HttpClient(new SigningHandler(Encoding.UTF8.GetBytes(secret), TimeProvider.System) { InnerHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 } })
        {
            BaseAddress = new Uri(url),
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    public string Url { get; }
    public HttpClient Client { get; }
    public int Pid => _process.Id;

    public static async Task<RunnerProcess> StartAsync(string secret, IReadOnlyDictionary<string, string> settings)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [Repo.Assembly("runner/Neuron.Runner", "Neuron.Runner.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Runner__Secret"] = secret;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
            start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("  runner: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var runner = new RunnerProcess(process, url, secret);
        await runner.WaitUntilFullAsync(TimeSpan.FromMinutes(3));
        return runner;
    }

    /// <summary>Resident set size of the agent process, in MiB.</summary>
    public double RssMb()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    private async Task WaitUntilFullAsync(TimeSpan bound)
    {
        using var plain = new HttpClient { BaseAddress = new Uri(Url) };
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var body = await plain.GetStringAsync("/healthz");
                var pools = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("languages");
                if (pools.EnumerateObject().All(p => p.Value.GetProperty("idle").GetInt32() == p.Value.GetProperty("target").GetInt32()))
                    return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the runner's pools did not fill");
    }

    public async ValueTask DisposeAsync()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(40));
        Client.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
