using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Every kind of kernel object a program can leave behind, one case each: run A leaves it, run B in the same container
/// must not see it (or A's container must be recycled). Files and processes are in <see cref="IsolationTests"/>.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class LeftoverTests(RunnerFixture runner)
{
    /// <summary>Starts a survivor: a double-forked, setsid'd child that runs <c>body()</c>, as a program trying to outlive its run would.</summary>
    private const string Survivor = """
        import os, sys
        def survive(body):
            if os.fork() == 0:
                if os.fork() == 0:
                    os.setsid()
                    body()
                os._exit(0)
            os.wait()

        """;

    /// <summary>Every kind of leftover, and POSIX message queues where they exist (not under runsc: the next test).</summary>
    public static IEnumerable<object[]> Objects => RuntimeUnderTest.IsGvisor ? Kinds : Kinds.Concat(PosixMessageQueue);

    private static TheoryData<string, string, string, string> PosixMessageQueue => new()
    {
        {
            "POSIX message queue",
            """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            q = libc.mq_open(b'/neuron-left', os.O_CREAT | os.O_RDWR, 0o600, None)
            assert q >= 0 and libc.mq_send(q, b'secret of a', 11, 0) == 0, ctypes.get_errno()
            print('planted')
            """,
            """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            print(os.listdir('/dev/mqueue'), libc.mq_open(b'/neuron-left', os.O_RDONLY) < 0)
            """,
            "[] True\n"
        },
    };

    private static TheoryData<string, string, string, string> Kinds => new()
    {
        // kind, run A (prints "planted"), run B, what B must print
        {
            "FIFOs and socket files",
            """
            import os, socket
            for d in ['/work', '/tmp', '/dev/shm']:
                os.mkfifo(f'{d}/fifo-of-a')
                socket.socket(socket.AF_UNIX).bind(f'{d}/socket-of-a')
            print('planted')
            """,
            "import os\nprint(sorted(os.listdir('/work')), os.listdir('/tmp'), os.listdir('/dev/shm'))",
            "['main.py', 'out'] [] []\n"
        },
        {
            "abstract unix socket",
            Survivor + """
            def body():
                import socket, time
                s = socket.socket(socket.AF_UNIX)
                s.bind('\0neuron-left')
                s.listen()
                time.sleep(60)
            survive(body)
            print('planted')
            """,
            "print('@neuron-left' in open('/proc/net/unix').read())",
            "False\n"
        },
        {
            "POSIX timer",
            Survivor + """
            def body():
                import signal
                signal.signal(signal.SIGALRM, lambda *_: open('/tmp/late-timer', 'w').write('x'))
                signal.setitimer(signal.ITIMER_REAL, 1.5)
                signal.pause()
            survive(body)
            print('planted')
            """,
            "import os, time\ntime.sleep(2.5)\nprint(os.listdir('/tmp'))",
            "[]\n"
        },
        {
            "memfd and inotify",
            Survivor + """
            def body():
                import ctypes, time
                fd = os.memfd_create('neuron-left')
                os.write(fd, b'secret of a')
                ctypes.CDLL(None).inotify_init()
                time.sleep(60)
            survive(body)
            print('planted')
            """,
            """
            import os
            held = []
            for pid in filter(str.isdigit, os.listdir('/proc')):
                try:
                    for fd in os.listdir(f'/proc/{pid}/fd'):
                        target = os.readlink(f'/proc/{pid}/fd/{fd}')
                        if 'memfd:' in target or 'inotify' in target:
                            held.append(target)
                except OSError:
                    pass
            print(held)
            """,
            "[]\n"
        },
        {
            // Keys are accounted per uid on the host, outside every namespace: Docker's seccomp profile refuses them.
            "kernel keyring",
            """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            SYS_add_key, KEY_SPEC_USER_KEYRING = 248, -4
            added = libc.syscall(SYS_add_key, b'user', b'neuron-left', b'secret', 6, KEY_SPEC_USER_KEYRING)
            print('planted' if added < 0 else 'added')
            """,
            """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            SYS_request_key = 249
            print('found' if libc.syscall(SYS_request_key, b'user', b'neuron-left', None, 0) >= 0 else 'absent')
            """,
            "absent\n"
        },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public async Task ObjectLeftByRunA_IsInvisibleToRunB_InTheSameContainer(string kind, string runA, string runB, string expected)
    {
        var a = await runner.RunAsync("python", runA);
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", runB, Limits: new RunLimits(TimeMs: 5000)));

        Assert.True(a.Stdout == "planted\n", $"{kind}: {a.Verdict} {a.Stdout} {a.Stderr}");
        Assert.True(b.Verdict == Verdicts.Ok, $"{kind}: {b.Verdict} {b.Stderr}");
        Assert.Equal(expected, b.Stdout);
    }

    /// <summary>gVisor (2022) has no POSIX message queues: nothing to leave, and the janitor has no /dev/mqueue to wipe.</summary>
    [Fact]
    public async Task PosixMessageQueues_ExistUnderRunc_AndNotUnderRunsc()
    {
        var result = await runner.RunAsync("python", """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            q = libc.mq_open(b'/neuron-probe', os.O_CREAT | os.O_RDWR, 0o600, None)
            print(q >= 0, 0 if q >= 0 else ctypes.get_errno(), os.path.isdir('/dev/mqueue'))
            """);

        Assert.Equal(RuntimeUnderTest.IsGvisor ? "False 38 False\n" : "True 0 True\n", result.Stdout); // 38: ENOSYS
    }

    /// <summary>
    /// Under either runtime: the janitor counts SysV objects with SHM_INFO/MSG_INFO/SEM_INFO (gVisor has no
    /// /proc/sysvipc), so the container retires, and the next run cannot find the object by its key.
    /// </summary>
    [Theory]
    [InlineData("message queue", "libc.msgget(0x4e66, 0o1666)", "libc.msgget(0x4e66, 0)")]
    [InlineData("semaphore set", "libc.semget(0x4e67, 1, 0o1666)", "libc.semget(0x4e67, 0, 0)")]
    [InlineData("shared memory", "libc.shmget(0x4e68, 4096, 0o1666)", "libc.shmget(0x4e68, 0, 0)")]
    public async Task SysVObjectOfRunA_GetsItsContainerRecycled(string kind, string create, string find)
    {
        const string Libc = "import ctypes\nlibc = ctypes.CDLL(None)\n";
        var a = await runner.RunAsync("python", $"{Libc}print({create} >= 0)");
        var b = await runner.RunAsync("python", $"{Libc}print({find} < 0)");

        Assert.True(a.Stdout == "True\n", $"{kind}: {a.Stdout} {a.Stderr}");
        Assert.True(b.Stdout == "True\n", $"{kind}: run B found run A's object ({b.Stdout} {b.Stderr})");
        await DockerEngine.WaitUntilRemovedAsync(runner.Docker, runner.InstanceId, a.Sandbox);
    }

    [Fact]
    public async Task TheOnlyDirectoriesUserCodeCanWrite_AreTheOnesTheJanitorWipes()
    {
        var result = await runner.RunAsync("python", """
            import os
            writable = set()
            for top in ['/']:
                for root, dirs, files in os.walk(top):
                    if root.startswith(('/proc', '/sys')):
                        dirs[:] = []
                        continue
                    if os.access(root, os.W_OK):
                        writable.add(root)
                        dirs[:] = []
            print(sorted(writable))
            """, limits: new RunLimits(TimeMs: 10_000));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(RuntimeUnderTest.IsGvisor ? "['/dev/shm', '/tmp', '/work']\n" : "['/dev/mqueue', '/dev/shm', '/tmp', '/work']\n", result.Stdout);
    }

    [Fact]
    public async Task CgroupCounters_StartAfresh_ForEveryRun()
    {
        var a = await runner.RunAsync("python", """
            import time
            hog = bytearray(160 * 1024 * 1024)
            for i in range(0, len(hog), 4096):
                hog[i] = 1
            end = time.process_time() + 1.5
            while time.process_time() < end:
                pass
            print('done')
            """, limits: new RunLimits(TimeMs: 15_000, MemoryMb: 256)); // python's maximum: 1.5 s of CPU on a starved machine
        if (RuntimeUnderTest.IsGvisor)
        {
            // gVisor mounts an empty /sys/fs/cgroup: no counter of the container is there to read, before or after.
            var listing = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", "import os\nprint(os.listdir('/sys/fs/cgroup'))"));
            Assert.Equal(("done\n", "[]\n"), (a.Stdout, listing.Stdout));
            return;
        }
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", """
            def read(path):
                try:
                    return int(open(path).read())
                except (OSError, ValueError):
                    return 0
            print(read('/sys/fs/cgroup/memory/memory.max_usage_in_bytes') // 2**20, read('/sys/fs/cgroup/memory/memory.failcnt'),
                  read('/sys/fs/cgroup/cpuacct/cpuacct.usage') // 10**6, open('/sys/fs/cgroup/cpuacct/cpuacct.stat').read() == '')
            """));

        Assert.Equal("done\n", a.Stdout);
        var figures = b.Stdout.Split(' ');
        Assert.True(int.Parse(figures[0]) < 100, $"peak MiB seen by the next run: {b.Stdout}");
        Assert.Equal("0", figures[1]);
        Assert.True(int.Parse(figures[2]) < 1000, $"CPU ms seen by the next run: {b.Stdout}");
        Assert.Equal("True\n", figures[3]);
    }

    [Fact]
    public async Task PerUidKernelLimits_ArePerContainer()
    {
        if (RuntimeUnderTest.IsGvisor)
        {
            await NoPosixMessageQueueQuotaToShare_UnderRunsc();
            return;
        }
        // A uses up its uid's POSIX message queue quota (RLIMIT_MSGQUEUE, accounted per uid across the host), then
        // becomes "sleep 12": the queues stay until the janitor unlinks them, and the test can see that A got there.
        var hog = runner.RunAsync("python", """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            opened = 0
            while libc.mq_open(f'/hog{opened}'.encode(), os.O_CREAT | os.O_RDWR, 0o600, None) >= 0:
                opened += 1
            print(opened, ctypes.get_errno(), os.getuid(), flush=True)
            os.execvp('sleep', ['sleep', '12'])
            """, limits: new RunLimits(TimeMs: 15_000));
        await WaitForProcessAsync("sleep 12");
        // B runs meanwhile in another container; its uid must have its own quota.
        var other = await runner.RunAsync("python", """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            print(libc.mq_open(b'/mine', os.O_CREAT | os.O_RDWR, 0o600, None) >= 0, ctypes.get_errno(), os.getuid())
            """);
        var a = await hog;

        Assert.Equal(Verdicts.Ok, a.Verdict);
        Assert.NotEqual(a.Sandbox, other.Sandbox);
        var (hogFigures, otherFigures) = (a.Stdout.TrimEnd().Split(' '), other.Stdout.TrimEnd().Split(' '));
        Assert.True(int.Parse(hogFigures[0]) > 0, a.Stdout);
        Assert.Equal("24", hogFigures[1]); // EMFILE: the quota was used up
        Assert.Equal("True", otherFigures[0]);
        Assert.NotEqual(hogFigures[2], otherFigures[2]);
    }

    /// <summary>
    /// Under runsc each sandbox has a kernel of its own (the Sentry), and POSIX message queues, the per-uid quota the
    /// runc variant uses up, do not exist: two runs at once, in two containers, each as its own uid, both get ENOSYS.
    /// </summary>
    private async Task NoPosixMessageQueueQuotaToShare_UnderRunsc()
    {
        const string probe = "import ctypes, os, time\nlibc = ctypes.CDLL(None, use_errno=True)\n"
            + "q = libc.mq_open(b'/hog0', os.O_CREAT | os.O_RDWR, 0o600, None)\nprint(q, ctypes.get_errno(), os.getuid(), flush=True)\ntime.sleep({0})";
        var first = runner.RunAsync("python", string.Format(System.Globalization.CultureInfo.InvariantCulture, probe, 8), limits: new RunLimits(TimeMs: 15_000));
        await Task.Delay(1500); // the first holds its container for 8 s: the second gets another
        var second = await runner.RunAsync("python", string.Format(System.Globalization.CultureInfo.InvariantCulture, probe, 0));
        var a = await first;

        Assert.NotEqual(a.Sandbox, second.Sandbox);
        var (figuresA, figuresB) = (a.Stdout.TrimEnd().Split(' '), second.Stdout.TrimEnd().Split(' '));
        Assert.Equal(["-1", "38"], figuresA[..2]); // ENOSYS
        Assert.Equal(["-1", "38"], figuresB[..2]);
        Assert.NotEqual(figuresA[2], figuresB[2]);
    }

    private async Task WaitForProcessAsync(string command)
    {
        for (var i = 0; i < 300; i++)
        {
            foreach (var c in await DockerEngine.ContainersOfAsync(runner.Docker, runner.InstanceId))
            {
                if (c.State != "running")
                    continue;
                var top = await runner.Docker.Containers.ListProcessesAsync(c.ID, new Docker.DotNet.Models.ContainerListProcessesParameters());
                if (top.Processes.Any(p => string.Join(' ', p).Contains(command, StringComparison.Ordinal)))
                    return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"no sandbox ever ran '{command}'");
    }
}
