using Neuron.Runner.Contracts;
using Neuron.Runner.Sandbox;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

[Collection(RunnerCollection.Name)]
public sealed class SecurityTests(RunnerFixture runner)
{
    [Fact]
    public async Task Network_AnyConnectionFails_AndOnlyLoopbackExists()
    {
        var result = await runner.RunAsync("python", """
            import os, socket
            print(sorted(os.listdir('/sys/class/net')))
            for host, port in [('1.1.1.1', 53), ('8.8.8.8', 443), ('172.17.0.1', 2375), ('127.0.0.1', 5080)]:
                try:
                    s = socket.socket(); s.settimeout(1)
                    s.connect((host, port)); print('connected', host)
                except OSError as e:
                    print('failed', host)
            try:
                socket.getaddrinfo('example.com', 80); print('resolved')
            except OSError:
                print('no dns')
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("['lo']\nfailed 1.1.1.1\nfailed 8.8.8.8\nfailed 172.17.0.1\nfailed 127.0.0.1\nno dns\n", result.Stdout);
    }

    [Fact]
    public async Task NoSecrets_InTheEnvironmentFilesOrProc1()
    {
        var result = await runner.RunAsync("python", $$"""
            import os
            secret = b'{{new string(RunnerFixture.Secret.Reverse().ToArray())}}'[::-1]  # reversed, so this source itself does not match
            print(sorted(os.environ))
            hits = []
            for top in ['/etc', '/run', '/work', '/tmp', '/home', '/root', '/var', '/opt', '/srv', '/mnt', '/dev/shm']:
                for root, dirs, files in os.walk(top):
                    for f in files:
                        try:
                            if secret in open(os.path.join(root, f), 'rb').read():
                                hits.append(os.path.join(root, f))
                        except OSError:
                            pass
            print('hits', hits)
            try:
                print('environ', sorted(v.split(b'=')[0].decode() for v in open('/proc/1/environ', 'rb').read().split(b'\0') if v))
            except OSError as e:
                print('proc1', e.errno)
            print('uid', os.getuid(), os.geteuid())
            """, limits: new RunLimits(TimeMs: 10_000));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.DoesNotContain(RunnerFixture.Secret, result.Stdout);
        var lines = result.Stdout.Split('\n');
        Assert.Equal("['HOME', 'LANG', 'NEURON_OUT', 'PATH', 'TMPDIR']", lines[0]);
        Assert.Equal("hits []", lines[1]);
        if (RuntimeUnderTest.IsGvisor)
            // gVisor lets the sandbox uid read PID 1's environment: what Docker gave the launcher, nothing secret (the
            // secret's absence is checked above on the whole output, and on every container's spec below).
            Assert.Equal("environ ['HOME', 'HOSTNAME', 'NEURON_SANDBOX_UID', 'PATH']", lines[2]);
        else
            Assert.Equal("proc1 13", lines[2]); // EACCES: the launcher's environment belongs to root
        var uids = lines[3].Split(' ');
        Assert.Equal(["uid", uids[1], uids[1]], uids);
        Assert.InRange(int.Parse(uids[1], System.Globalization.CultureInfo.InvariantCulture), 1_000_000, 1_000_000 + 1023); // the agent's default range
        foreach (var inspect in await DockerEngine.InspectAllOfAsync(runner.Docker, runner.InstanceId))
            Assert.DoesNotContain(inspect.Config.Env ?? [], e => e.Contains(RunnerFixture.Secret));
    }

    [Fact]
    public async Task Sandbox_IsLockedDown_AsDocumented()
    {
        var containers = await DockerEngine.InspectAllOfAsync(runner.Docker, runner.InstanceId);
        Assert.NotEmpty(containers);
        foreach (var container in containers)
        {
            var host = container.HostConfig;
            Assert.Equal("none", host.NetworkMode);
            Assert.True(host.ReadonlyRootfs);
            Assert.Equal(["ALL"], host.CapDrop);
            Assert.Equal(["SETGID", "SETUID"], host.CapAdd.Order());
            Assert.Contains("no-new-privileges", host.SecurityOpt);
            // Under runsc the host cgroup counts gVisor's own threads too: the language's limit + 256 (ContainerFactory).
            Assert.True(host.PidsLimit is > 0 && host.PidsLimit <= (RuntimeUnderTest.IsGvisor ? 128 + 256 : 128), $"pids limit {host.PidsLimit}");
            Assert.Equal(RuntimeUnderTest.Name, host.Runtime);
            Assert.Equal(host.Memory, host.MemorySwap);
            Assert.True(host.NanoCPUs > 0);
            Assert.False(host.Privileged);
            Assert.Contains(host.Ulimits, u => u.Name == "nofile");
            Assert.Contains(host.Ulimits, u => u.Name == "fsize");
            Assert.Equal("private", host.CgroupnsMode);
            Assert.Contains("/proc/cmdline", host.MaskedPaths);
            Assert.Contains("/proc/kcore", host.MaskedPaths); // Docker's own list is kept
        }
    }

    [Fact]
    public async Task SymlinksPlantedInTheWorkDir_NeverRedirectTheNextRunsFiles()
    {
        var a = await runner.RunAsync("python", """
            import os
            for name in ['main.py', 'helper.py', 'Main.java', 'main']:
                for d in ['/work', '/tmp', '/dev/shm']:
                    try:
                        os.symlink('/etc/passwd', f'{d}/{name}')
                    except FileExistsError:
                        os.remove(f'{d}/{name}'); os.symlink('/etc/passwd', f'{d}/{name}')
            os.symlink('/run/neuron', '/work/socket-dir')
            os.symlink('/', '/work/root')
            print('planted')
            """);
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", Files:
        [
            new SourceFile("main.py", "import os\nprint(open('helper.py').read(), os.path.islink('main.py'), sorted(os.listdir('.')))"),
            new SourceFile("helper.py", "mine"),
        ]));
        var passwd = await runner.RunAsync("python", "print(open('/etc/passwd').read().count('root:x:0:0'))");

        Assert.Equal("planted\n", a.Stdout);
        Assert.Equal("mine False ['helper.py', 'main.py', 'out']\n", b.Stdout);
        Assert.Equal("1\n", passwd.Stdout);
    }

    [Fact]
    public async Task UserCodeThatKillsEverything_EndsInAnErrorVerdict_OnlyKillsItself_TheRunnerStaysHealthy()
    {
        var killer = await runner.RunAsync("python", "import os\nos.system('kill -9 1; kill -9 -1')\nprint('survived')");
        // A signal the program sent itself retires nothing: the janitor proved the container clean, and it serves on.
        var next = await runner.RunInSandboxAsync(killer.Sandbox, new ExecuteRequest("python", Programs.Hello["python"]));
        var health = await runner.UnsignedClient.GetAsync("/healthz");

        Assert.Equal(Verdicts.RuntimeError, killer.Verdict);
        Assert.Equal(9, killer.Signal);
        Assert.Equal(Verdicts.Ok, next.Verdict);
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task IdleContainerThatDied_IsReplaced_WithoutCostingTheNextRun()
    {
        var containers = await DockerEngine.ContainersOfAsync(runner.Docker, runner.InstanceId);
        var victims = containers.Where(c => c.Labels["neuron.language"] == "c").ToList();
        foreach (var c in victims)
            await runner.Docker.Containers.KillContainerAsync(c.ID, new Docker.DotNet.Models.ContainerKillParameters { Signal = "KILL" });

        var result = await runner.RunAsync("c", Programs.Hello["c"]);

        Assert.NotEmpty(victims);
        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.DoesNotContain(victims, v => v.Names.Contains("/" + result.Sandbox));
    }

    [Fact]
    public async Task LauncherDyingMidRun_IsInternalError_AndTheContainerIsReplaced()
    {
        // The program holds 96 MiB and sleeps: that is how the test finds its container from the host, under either
        // runtime (the host cgroup's memory use; `docker top` lists gVisor's processes, not the program, under runsc).
        var run = runner.RunAsync("python", "import time\nheld = b'x' * (96 << 20)\ntime.sleep(6)", limits: new RunLimits(TimeMs: 9000));
        var killed = 0;
        for (var attempt = 0; attempt < 100 && killed == 0; attempt++)
        {
            await Task.Delay(100);
            foreach (var c in (await DockerEngine.InspectAllOfAsync(runner.Docker, runner.InstanceId)).Where(c => c.Config.Labels["neuron.language"] == "python"))
            {
                var pid = c.State.Pid;
                var usage = SandboxCgroup.Of(pid)?.MemoryDir is { } dir && File.Exists(Path.Join(dir, "memory.usage_in_bytes"))
                    ? long.Parse(File.ReadAllText(Path.Join(dir, "memory.usage_in_bytes")).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
                if (usage < 96L << 20)
                    continue;
                await runner.Docker.Containers.KillContainerAsync(c.ID, new Docker.DotNet.Models.ContainerKillParameters { Signal = "KILL" });
                killed++;
            }
        }

        var result = await run;
        var next = await runner.RunAsync("python", Programs.Hello["python"]);

        Assert.Equal(1, killed);
        Assert.Equal(Verdicts.InternalError, result.Verdict);
        Assert.Equal(Verdicts.Ok, next.Verdict);
        await DockerEngine.WaitUntilRemovedAsync(runner.Docker, runner.InstanceId, result.Sandbox);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("c")]
    [InlineData("java")]
    public async Task InternetSocket_IsPermissionDenied_ByTheLaunchersFilter(string language)
    {
        // The container has no network but loopback; the filter refuses the socket before Docker's isolation matters.
        var result = await runner.RunAsync(language, Programs.NetworkProbe(language, "127.0.0.1"));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Contains(Programs.NetworkDenied(language), result.Stdout);
    }
}
