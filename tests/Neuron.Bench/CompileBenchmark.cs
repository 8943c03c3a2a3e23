using System.Globalization;
using Docker.DotNet;
using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>
/// Issue 20's figures, in one run on this machine, per compiled case: the bare toolchain as Neuron ran it before
/// (compile + run, a fresh process in the image), the toolchain with each acceleration the images now carry
/// (precompiled headers; class-data-sharing archives), and Neuron end to end (POST /v1/execute, a source the compile
/// cache has not seen, at a reader's pace: <see cref="CompileCase.Pace"/> apart, as behind a Run button, so that a warm
/// compiler has booted in between — back to back on one container a compile finds none ready and runs cold, or waits
/// for it); with
/// the compiler's peak resident memory for each toolchain variant.
/// </summary>
public static class CompileBenchmark
{
    private const string Cpp17 = "g++ -std=gnu++17 -O2 -pipe -o main main.cpp -lm";
    private const string C17 = "gcc -std=gnu17 -O2 -pipe -o main main.c -lm";
    private const string JavaRun = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 {0} -XX:MaxRAMPercentage=60 -Xss8m Main";
    private const string JvmRun = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 {0} -XX:MaxRAMPercentage=60 -Xss8m -cp {1} {2}";

    private static readonly IReadOnlyList<CompileCase> Cases =
    [
        new("c hello", "c", "main.c", "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}", SandboxImages.Of("c"), 60, 20,
            [new("bare gcc", C17, "./main"), new("+ precompiled stdio.h", C17.Replace("gcc ", "gcc -I/usr/lib/neuron/pch/gnu17-O2 ", StringComparison.Ordinal), "./main")]),
        new("cpp hello (iostream)", "cpp", "main.cpp", "#include <iostream>\nint main(){std::cout<<\"hello\"<<std::endl;}", SandboxImages.Of("cpp"), null, 12,
            [new("bare g++", Cpp17, "./main"), new("+ precompiled iostream", Cpp17.Replace("g++ ", "g++ -I/usr/lib/neuron/pch/gnu++17-O2 ", StringComparison.Ordinal), "./main")]),
        new("cpp bits/stdc++.h", "cpp", "main.cpp",
            "#include <bits/stdc++.h>\nusing namespace std;\nint main(){vector<int> v{3,1,2};sort(v.begin(),v.end());map<int,int> m;for(int x:v)m[x]++;cout<<\"hello \"<<m.size()<<endl;}",
            SandboxImages.Of("cpp"), 250, 8,
            [new("bare g++", Cpp17, "./main"), new("+ precompiled bits/stdc++.h", Cpp17.Replace("g++ ", "g++ -I/usr/lib/neuron/pch/gnu++17-O2 ", StringComparison.Ordinal), "./main")]),
        new("java hello", "java", "Main.java", "public class Main{public static void main(String[] a){System.out.println(\"hello\");}}", SandboxImages.Of("java"), 150, 12,
            [
                new("bare javac + java (default CDS)", "javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xshare:auto -encoding UTF-8 Main.java",
                    "java " + string.Format(CultureInfo.InvariantCulture, JavaRun, "-Xshare:auto")),
                new("+ AppCDS archives, -proc:none", "javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-XX:SharedArchiveFile=/usr/lib/neuron/cds/javac.jsa -proc:none -encoding UTF-8 Main.java",
                    "java " + string.Format(CultureInfo.InvariantCulture, JavaRun, "-XX:SharedArchiveFile=/usr/lib/neuron/cds/java.jsa")),
            ]),
        new("kotlin hello", "kotlin", "main.kt", "fun main() {\n    println(\"hello\")\n}", SandboxImages.Of("kotlin"), null, 6,
            [new("bare kotlinc + java", "kotlinc -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xshare:auto -nowarn -d . main.kt",
                "java " + string.Format(CultureInfo.InvariantCulture, JvmRun, "-Xshare:auto", "/usr/share/java/kotlin-stdlib.jar:.", "MainKt"))], 5),
        new("scala hello", "scala", "main.scala", "object Main {\n  def main(args: Array[String]): Unit = println(\"hello\")\n}", SandboxImages.Of("scala"), null, 6,
            [new("bare scalac + java", "scalac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xshare:auto -d . main.scala",
                "java " + string.Format(CultureInfo.InvariantCulture, JvmRun, "-Xshare:auto", "/usr/share/scala/lib/scala-library.jar:.", "Main"))], 5),
    ];

    public static async Task<int> RunAsync(string outputPath)
    {
        using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient();
        await using var probes = new DockerProbes(docker);
        // Image tags are shared by every checkout on this engine: a figure only counts if its image stayed the same.
        var images = Cases.Select(c => c.Image).Distinct().ToList();
        async Task<List<string>> ImageIdsAsync() => [.. await Task.WhenAll(images.Select(async i => (await docker.Images.InspectImageAsync(i)).ID))];
        var before = await ImageIdsAsync();
        var rows = new List<CompileRow>();
        foreach (var c in Cases)
        {
            var variants = new List<CompileVariantRow>();
            foreach (var v in c.Variants)
            {
                var program = new BenchProgram(c.Language, c.FileName, c.Source, c.Image, v.Compile, v.Run, c.Iterations);
                Bench.Progress($"{c.Name}: {v.Name} x{c.Iterations}");
                var floor = await probes.FloorAsync(program, c.Iterations);
                var memory = await probes.CompileMemoryKbAsync(program);
                variants.Add(new CompileVariantRow(v.Name, Stats.Of(floor), memory / 1024.0));
            }
            rows.Add(new CompileRow(c.Name, c.TargetMs, variants, Stats.Of([])));
        }

        Bench.Progress("starting a runner agent (c, cpp, java, kotlin, scala: 1 container each)");
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await using (var runner = await SignedRunner.StartAsync(url, secret, new Dictionary<string, string>
        {
            ["Runner__InstanceId"] = "bench" + Guid.NewGuid().ToString("N")[..6],
            ["Runner__PoolSize"] = "1",
            ["Runner__Pools__python"] = "0",
            ["Runner__Pools__javascript"] = "0",
            ["Runner__Pools__cpp20"] = "0",
        }))
        {
            using var client = SignedClient.Create(url, secret);
            for (var i = 0; i < rows.Count; i++)
            {
                var c = Cases[i];
                var program = new BenchProgram(c.Language, c.FileName, c.Source, c.Image, c.Variants[0].Compile, c.Variants[0].Run, c.Iterations);
                Bench.Progress($"{c.Name}: Neuron end to end x{c.Iterations}");
                for (var w = 0; w < 5; w++)
                    await RunnerBenchmark.ExecuteAsync(client, program, program.Unique(-1 - w)); // the agent's JIT, the page cache
                var samples = new List<double>();
                for (var n = 0; n < c.Iterations; n++)
                {
                    await Task.Delay(c.Pace);
                    samples.Add(await RunnerBenchmark.TimeAsync(client, program, program.Unique(n)));
                }
                rows[i] = rows[i] with { Neuron = Stats.Of(samples) };
            }
        }

        Print(rows);
        if (!before.SequenceEqual(await ImageIdsAsync()))
        {
            Console.Error.WriteLine("\nthe sandbox images were rebuilt or retagged during the run: these figures mix images; run it again");
            return 1;
        }
        await Bench.WriteJsonAsync(outputPath, rows);
        return 0;
    }

    private static void Print(IReadOnlyList<CompileRow> rows)
    {
        Console.WriteLine();
        Console.WriteLine("| case | toolchain (compile + run, bare process) | p50 | compiler peak RSS | Neuron end to end p50 | target | met |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var row in rows)
            for (var i = 0; i < row.Variants.Count; i++)
            {
                var v = row.Variants[i];
                var neuron = i == 0 ? FormattableString.Invariant($"{row.Neuron.P50:0} ms") : "";
                var target = i == 0 && row.TargetMs is { } t ? FormattableString.Invariant($"≤ {t} ms") : "";
                var met = i == 0 && row.TargetMs is { } limit ? (row.Neuron.P50 <= limit ? "yes" : "no") : "";
                Console.WriteLine(FormattableString.Invariant($"| {(i == 0 ? row.Case : "")} | {v.Name} | {v.Toolchain.P50:0} ms | {v.CompilerPeakMb:0} MiB | {neuron} | {target} | {met} |"));
            }
    }

    /// <param name="PaceSeconds">
    /// Between two runs end to end: 2 s lets the warm javac boot (about 1 s of CPU); the warm kotlinc and scalac take
    /// 3.5–3.7 s to be ready on a quiet machine (two warm-up compiles), so their cases leave 5 s.
    /// </param>
    private sealed record CompileCase(string Name, string Language, string FileName, string Source, string Image, int? TargetMs, int Iterations, IReadOnlyList<ToolchainVariant> Variants, int PaceSeconds = 2)
    {
        public TimeSpan Pace => TimeSpan.FromSeconds(PaceSeconds);
    }

    private sealed record ToolchainVariant(string Name, string Compile, string Run);
}
