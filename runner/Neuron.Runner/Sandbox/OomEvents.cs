using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Neuron.Runner.Sandbox;

/// <summary>
/// The kernel's OOM notifications for one memory cgroup (v1), counted in an eventfd registered on its
/// memory.oom_control through cgroup.event_control: the way to tell, after a gVisor sandbox died, whether the OOM killer
/// ended it. The cgroup's own oom_kill count is gone with the cgroup, which runsc removed 46 ms after the kill (measured
/// here), and Docker's OOMKilled is false whenever dockerd gets the shim's OOM event after its exit event. The kernel
/// signals the eventfd before it kills anything (so it is counted by the time the launcher's connection drops), and once
/// more when the cgroup is removed, after its folder is gone.
/// </summary>
public sealed class OomEvents : IDisposable
{
    private const int EfdNonblock = 0x800, EfdCloexec = 0x80000, Eagain = 11;
    private readonly SafeFileHandle _eventFd;
    private readonly string _memoryDir;

    private OomEvents(SafeFileHandle eventFd, string memoryDir)
    {
        _eventFd = eventFd;
        _memoryDir = memoryDir;
    }

    /// <summary>Registers for the OOM notifications of the cgroup in <paramref name="memoryDir"/>.</summary>
    /// <exception cref="IOException">The eventfd or the registration failed (no cgroup v1, not root).</exception>
    public static OomEvents Register(string memoryDir)
    {
        var fd = eventfd(0, EfdNonblock | EfdCloexec);
        if (fd < 0)
            throw new IOException($"eventfd failed: errno {Marshal.GetLastPInvokeError()}");
        var eventFd = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            using var oomControl = File.OpenHandle(Path.Join(memoryDir, "memory.oom_control"));
            File.WriteAllText(Path.Join(memoryDir, "cgroup.event_control"),
                string.Create(CultureInfo.InvariantCulture, $"{fd} {oomControl.DangerousGetHandle()}"));
            return new OomEvents(eventFd, memoryDir);
        }
        catch (Exception e)
        {
            eventFd.Dispose();
            if (e is UnauthorizedAccessException)
                throw new IOException($"cannot register for {memoryDir}'s OOM events: {e.Message}", e);
            throw;
        }
    }

    /// <summary>Forgets the notifications so far: the next <see cref="KilledAsync"/> answers for what happens from now on.</summary>
    public void Clear() => Drain();

    /// <summary>
    /// Whether the OOM killer acted in the cgroup since the last <see cref="Clear"/>; asked once the sandbox's launcher
    /// failed. One signal with the folder gone was the OOM only if the removal's own signal follows within
    /// <paramref name="bound"/> (the kernel queues it as it removes the folder: 21 ms later, measured here).
    /// </summary>
    public async Task<bool> KilledAsync(TimeSpan bound, CancellationToken cancellationToken)
    {
        var signals = Drain();
        var removed = !Directory.Exists(_memoryDir); // read after the signals: a folder still there means none was the removal's
        if (signals == 0 || signals >= 2 || !removed)
            return signals > 0;
        for (var waited = TimeSpan.Zero; waited < bound; waited += Poll)
        {
            await Task.Delay(Poll, cancellationToken);
            if (Drain() > 0)
                return true;
        }
        return false;
    }

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private ulong Drain()
    {
        var buffer = new byte[8];
        var count = read(_eventFd, buffer, buffer.Length);
        if (count == buffer.Length)
            return BitConverter.ToUInt64(buffer);
        var errno = Marshal.GetLastPInvokeError();
        return count < 0 && errno == Eagain ? 0UL : throw new IOException($"reading the OOM eventfd failed: errno {errno}");
    }

    public void Dispose() => _eventFd.Dispose();

    [DllImport("libc", SetLastError = true)]
    private static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(SafeFileHandle fd, byte[] buffer, nint count);
}
