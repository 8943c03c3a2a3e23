using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Java, Kotlin and Scala compiles are handed to a compiler pre-started in the idle container (launcher.c,
/// languages.json "warm"); the compiler's command is the fallback whenever no warm one is ready. Under runsc there is no warm start (runner README, "gVisor"):
/// every compile there is cold, and the results are the same.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class WarmCompilerTests(RunnerFixture runner)
{
    /// <summary>A program the compile cache has never seen: every run compiles.</summary>
    private static string Fresh(string source) => source + $"\n// {Guid.NewGuid():N}\n";

    [Theory]
    [InlineData("java", "public class Main {{ public static void main(String[] a) {{ System.out.println({0} * 7); }} }}")]
    [InlineData("kotlin", "fun main() {{ println({0} * 7) }}")]
    [InlineData("scala", "object Main {{ def main(a: Array[String]): Unit = println({0} * 7) }}")]
    public async Task Compiles_AreWarm_AtAReadersPace_AndTheProgramsRunAsCompiled(string language, string template)
    {
        // A compile right behind the previous one on a container may find its warm compiler still booting, and then
        // runs cold at once (readyWaitMs 0), the booting one discarded. So the runs are spaced as behind a Run button:
        // 2 s at first, half as long again after each cold compile (booting takes longer on a loaded machine: javac's
        // about a second of CPU, kotlinc's and scalac's 3.5 s on a quiet one), until three compiles were warm (runsc:
        // three runs, all cold).
        var before = await StartsAsync(language);
        var after = before;
        var pause = TimeSpan.FromSeconds(2);
        for (var i = 0; i < 15 && (RuntimeUnderTest.IsGvisor ? i < 3 : after.Warm - before.Warm < 3); i++)
        {
            if (!RuntimeUnderTest.IsGvisor)
                await Task.Delay(pause);
            var previous = after;
            var result = await runner.RunAsync(language, Fresh(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, i)));
            Assert.True(result.Verdict == Verdicts.Ok, $"{result.Verdict}: {result.CompileOutput}{result.Stderr}");
            Assert.Equal($"{i * 7}\n", result.Stdout);
            after = await StartsAsync(language);
            if (after.Warm == previous.Warm)
                pause = TimeSpan.FromSeconds(Math.Min(pause.TotalSeconds * 1.5, 30));
        }

        if (RuntimeUnderTest.IsGvisor)
            Assert.True(after.Warm == before.Warm && after.Cold - before.Cold >= 3, $"under runsc every compile should be cold: {before} → {after}");
        else
            Assert.True(after.Warm - before.Warm >= 3, $"compiles at a reader's pace should be handed to the warm compiler: {before} → {after}");
    }

    [Fact]
    public async Task CompileErrorFromTheWarmJavac_NamesTheUsersFileAndLine()
    {
        var result = await runner.RunAsync("java", Fresh("public class Solution {\n    public static void main(String[] a) {\n        int x = \"s\";\n    }\n}"));

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.StartsWith("Solution.java:3: error: incompatible types: String cannot be converted to int\n        int x = \"s\";\n", result.CompileOutput);
        Assert.Contains("1 error", result.CompileOutput);
    }

    [Fact]
    public async Task NoWarmJavacAlive_TheCompileFallsBackToJavac_WithTheSameResult()
    {
        await runner.WaitForFullPoolsAsync();
        var containers = (await DockerEngine.InspectAllOfAsync(runner.Docker, runner.InstanceId)).Where(c => c.Config.Labels["neuron.language"] == "java").ToList();
        // A container that just served a job may be between fork and exec of its next warm javac: scan a few times.
        var killed = 0;
        for (var scan = 0; scan < 3; scan++)
        {
            foreach (var pid in WarmJavacsOnTheHost(containers.Select(c => c.ID)))
            {
                KillAndWaitUntilDead(pid);
                killed++;
            }
            await Task.Delay(100);
        }
        if (RuntimeUnderTest.IsGvisor)
            Assert.Equal(0, killed); // the sandbox's processes are the Sentry's, and it has no warm start
        else
            // The pool's pings respawn a killed one: a respawned javac boots for about a second, so the run below,
            // a moment after the last kill, still finds none ready (readyWaitMs 0).
            Assert.True(killed >= containers.Count, $"{killed} warm javacs killed in {containers.Count} containers");
        var before = await StartsAsync();

        var result = await runner.RunAsync("java", Fresh("public class Main { public static void main(String[] a) { System.out.println(\"cold\"); } }"));

        var after = await StartsAsync();
        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("cold\n", result.Stdout);
        Assert.True(after.Cold - before.Cold == 1 && after.Warm == before.Warm, $"{before} → {after}");
    }

    private Task<(long Warm, long Cold)> StartsAsync(string language = "java") => StartCounters.ReadAsync(runner.UnsignedClient, StartCounters.Compilers, language);

    /// <summary>Host pids of the warm javac processes in <paramref name="containerIds"/> (by their cgroup).</summary>
    private static List<int> WarmJavacsOnTheHost(IEnumerable<string> containerIds)
    {
        var ids = containerIds.ToList();
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Join(dir, "cmdline")).Contains("NeuronWarmJavac", StringComparison.Ordinal)
                    && File.ReadAllText(Path.Join(dir, "cgroup")) is var cgroup && ids.Any(id => cgroup.Contains(id, StringComparison.Ordinal)))
                    found.Add(pid);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }
        return found;
    }

    /// <summary>SIGKILL, then wait (bounded) until the process is a zombie or gone: the launcher must find it dead.</summary>
    private static void KillAndWaitUntilDead(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            return; // already gone
        }
        for (var i = 0; i < 200; i++)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z'))
                    return;
            }
            catch (IOException)
            {
                return;
            }
            Thread.Sleep(10);
        }
        Assert.Fail($"warm javac {pid} did not die");
    }
}
