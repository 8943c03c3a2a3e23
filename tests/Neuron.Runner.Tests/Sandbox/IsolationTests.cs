using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>What one run leaves behind must be invisible to the next run in the same container.</summary>
[Collection(RunnerCollection.Name)]
public sealed class IsolationTests(RunnerFixture runner)
{
    [Fact]
    public async Task FilesOfRunA_InWorkTmpAndShm_AreInvisibleToRunB()
    {
        var a = await runner.RunAsync("python", """
            import os
            for d in ['/work', '/tmp', '/dev/shm']:
                open(f'{d}/secret-of-a', 'w').write('a was here')
                os.makedirs(f'{d}/nested/deeper', exist_ok=True)
                open(f'{d}/nested/deeper/file', 'w').write('x')
                os.chmod(f'{d}/nested/deeper', 0)
                os.chmod(f'{d}/nested', 0)
            print('planted')
            """);
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", """
            import os
            print(sorted(os.listdir('/work')), sorted(os.listdir('/tmp')), sorted(os.listdir('/dev/shm')))
            """));

        Assert.Equal("planted\n", a.Stdout);
        Assert.Equal(Verdicts.Ok, b.Verdict);
        Assert.Equal("['main.py', 'out'] [] []\n", b.Stdout);
    }

    [Fact]
    public async Task BackgroundProcessesOfRunA_AreGoneWhenItEnds_AndCannotAffectRunB()
    {
        var a = await runner.RunAsync("python", """
            import os, subprocess
            subprocess.Popen(['setsid', 'sh', '-c', 'sleep 2; echo setsid > /tmp/late-setsid'])
            subprocess.Popen('nohup sh -c "sleep 2; echo nohup > /tmp/late-nohup" >/dev/null 2>&1 &', shell=True)
            if os.fork() == 0:
                if os.fork() == 0:
                    os.setsid()
                    import time; time.sleep(2)
                    open('/tmp/late-double-fork', 'w').write('x')
                os._exit(0)
            print('spawned')
            """);
        var b = await runner.RunInSandboxAsync(a.Sandbox, new ExecuteRequest("python", """
            import os, time
            def others():
                mine = os.getpid()
                found = []
                for pid in filter(str.isdigit, os.listdir('/proc')):
                    try:
                        status = open(f'/proc/{pid}/status').read()
                    except OSError:
                        continue
                    if f'Uid:\t{os.getuid()}' in status and int(pid) != mine:
                        found.append(open(f'/proc/{pid}/cmdline').read().replace('\0', ' '))
                return found
            print(others())
            time.sleep(2.5)
            print(sorted(os.listdir('/tmp')))
            """, Limits: new RunLimits(TimeMs: 5000)));

        Assert.Equal("spawned\n", a.Stdout);
        Assert.Equal(Verdicts.Ok, b.Verdict);
        Assert.Equal("[]\n[]\n", b.Stdout);
    }
}
