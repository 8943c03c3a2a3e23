using Neuron.Testing;

namespace Neuron.Bench;

/// <summary>What each benchmark runs: a hello world per language, and how a bare process builds and runs it.</summary>
public sealed record BenchProgram(string Language, string FileName, string Source, string Image, string? Compile, string Run, int Iterations)
{
    public static readonly IReadOnlyList<BenchProgram> All =
    [
        new("python", "main.py", "print('hello')", SandboxImages.Of("python"), null, "python3 -B main.py", 40),
        new("javascript", "main.js", "console.log('hello')", SandboxImages.Of("javascript"), null, "node main.js", 40),
        new("c", "main.c", "#include <stdio.h>\nint main(void){puts(\"hello\");return 0;}", SandboxImages.Of("c"), "gcc -std=c11 -O2 -pipe -o main main.c -lm", "./main", 20),
        new("cpp", "main.cpp", "#include <iostream>\nint main(){std::cout<<\"hello\"<<std::endl;}", SandboxImages.Of("cpp"), "g++ -std=c++17 -O2 -pipe -o main main.cpp", "./main", 12),
        new("java", "Main.java", "public class Main{public static void main(String[] a){System.out.println(\"hello\");}}", SandboxImages.Of("java"),
            "javac -J-XX:+UseSerialGC -J-XX:TieredStopAtLevel=1 -J-Xshare:auto -encoding UTF-8 Main.java",
            "java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -XX:MaxRAMPercentage=60 -Xss8m Main", 12),
    ];

    /// <summary>The source with a unique comment, so a compiled language misses the compile cache.</summary>
    public string Unique(int i) => Source + (Language == "python" ? $"\n# {i}\n" : $"\n// {i}\n");

    /// <summary>Shell that writes the source, compiles it if needed, and runs it: one run of a bare process.</summary>
    public string Shell(string source) =>
        $"printf '%s' '{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(source))}' | base64 -d > {FileName}" +
        (Compile is null ? "" : $" && {Compile}") + $" && {Run}";
}
