using System.Diagnostics;

namespace Neuron.Functions.Tests.Support;

/// <summary>The Functions app as a real process in local mode (`dotnet Neuron.Functions.dll`), healthy once started, killed on dispose.</summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>From process start to the first healthy answer.</summary>
    public TimeSpan StartedIn { get; private set; }

    public static async Task<AppProcess> StartAsync(string dll, Uri url, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString());
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        start.Environment.Remove("FUNCTIONS_CUSTOMHANDLER_PORT");
        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/api/health")).IsSuccessStatusCode)
                    break;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (process.HasExited || clock.Elapsed > timeout)
            {
                app.Dispose();
                throw new InvalidOperationException($"The app was not healthy within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(50);
        }
        app.StartedIn = clock.Elapsed;
        return app;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        _process.Dispose();
    }
}
