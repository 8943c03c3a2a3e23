using System.Diagnostics;
using System.Globalization;

namespace Neuron.Testing;

/// <summary>
/// A service of the stack run as its own OS process, as in production: started with its environment, awaited until a
/// health URL answers 200, stopped with SIGTERM (or killed). Keeps its last log lines for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly Action<string>? _onLine;

    private ServiceProcess(string name, Process process, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        _onLine = onLine;
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <param name="onLine">Sees every line the service writes (its log), e.g. to count what it did.</param>
    public static ServiceProcess Start(string name, string executable, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return new ServiceProcess(name, Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"), onLine);
    }

    public static ServiceProcess StartDotnet(string name, string dll, string url, IReadOnlyDictionary<string, string> environment,
        Action<string>? onLine = null) =>
        Start(name, "dotnet", [dll, "--urls", url], environment, onLine);

    public async Task WaitHealthyAsync(Uri health, TimeSpan bound)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Tail}");
            try
            {
                if ((await client.GetAsync(health)).IsSuccessStatusCode)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} not healthy at {health} within {bound}:\n{Tail}");
    }

    /// <summary>Resident set size, in MiB (peak when <paramref name="peak"/>).</summary>
    public double MemoryMb(bool peak = false)
    {
        var key = peak ? "VmHWM:" : "VmRSS:";
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(key, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public string Tail
    {
        get
        {
            lock (_tail)
                return string.Join('\n', _tail);
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Sends <paramref name="signal"/> (e.g. KILL, TERM) to the service alone and waits until it has exited.</summary>
    public async Task SignalAsync(string signal, TimeSpan bound)
    {
        using (var kill = Process.Start("kill", ["-s", signal, Pid.ToString(CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        await _process.WaitForExitAsync().WaitAsync(bound);
    }

    public async Task StopAsync(TimeSpan bound)
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(bound);
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private void Remember(string? line)
    {
        if (line is null)
            return;
        _onLine?.Invoke(line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            if (_tail.Count > 60)
                _tail.Dequeue();
        }
    }
}
