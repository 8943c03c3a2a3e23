using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Neuron.Runner.Sandbox;

/// <summary>Talks to a container's launcher over its unix socket, one connection per job, under a watchdog.</summary>
public static class LauncherClient
{
    /// <summary>Pings the launcher at <paramref name="socket"/> until it answers clean; returns its version.</summary>
    public static async Task<string> WaitUntilReadyAsync(string socket, TimeSpan bound, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(bound.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (File.Exists(socket))
            {
                try
                {
                    var report = await SendAsync(socket, LauncherProtocol.Ping(), TimeSpan.FromSeconds(5), cancellationToken);
                    if (report.Pong && report.Clean)
                        return report.Version ?? "unknown";
                }
                catch (LauncherUnresponsiveException) when (Stopwatch.GetTimestamp() < deadline)
                {
                }
            }
            if (Stopwatch.GetTimestamp() > deadline)
                throw new LauncherUnresponsiveException($"launcher at {socket} was not ready within {bound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
            await Task.Delay(10, cancellationToken);
        }
    }

    public static async Task<LauncherReport> SendAsync(string socketPath, byte[] request, TimeSpan watchdog, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(watchdog);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
        }
        catch (SocketException e)
        {
            throw new LauncherUnreachableException($"launcher socket refused the connection: {e.Message}", e);
        }
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(request, timeout.Token);
            // Field headers are read a byte at a time: buffer them rather than make a syscall per byte.
            await using var buffered = new BufferedStream(stream, 64 * 1024);
            var fields = await LauncherProtocol.ReadAsync(buffered, timeout.Token);
            return LauncherProtocol.Decode(fields);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LauncherUnresponsiveException($"launcher did not answer within {watchdog.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or InvalidDataException)
        {
            throw new LauncherUnresponsiveException($"launcher connection failed: {e.Message}", e);
        }
    }
}

/// <summary>The launcher failed or hung while it had the job: the job's fate is unknown.</summary>
public class LauncherUnresponsiveException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The launcher could not even be reached: the job never started, so it may be retried elsewhere.</summary>
public sealed class LauncherUnreachableException(string message, Exception inner) : LauncherUnresponsiveException(message, inner);
