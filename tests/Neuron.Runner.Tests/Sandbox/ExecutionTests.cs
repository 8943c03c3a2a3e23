using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

[Collection(RunnerCollection.Name)]
public sealed class ExecutionTests(RunnerFixture runner)
{
    [Theory]
    [InlineData("python")]
    [InlineData("javascript")]
    [InlineData("java")]
    [InlineData("cpp")]
    [InlineData("cpp20")]
    [InlineData("c")]
    public async Task HelloWorld_PrintsItsLine_WithVerdictOk(string language)
    {
        var result = await runner.RunAsync(language, Programs.Hello[language]);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal($"hello from {language}\n", result.Stdout);
        Assert.Equal(0, result.ExitCode);
        Assert.NotEqual("unknown", result.Version);
    }

    [Theory]
    [InlineData("python")]
    [InlineData("javascript")]
    [InlineData("java")]
    [InlineData("cpp")]
    [InlineData("c")]
    public async Task Stdin_IsEchoedBack_AndArgsArrive(string language)
    {
        var result = await runner.RunAsync(new ExecuteRequest(language, Programs.Echo[language], Stdin: "line one\nline two\n", Args: ["alpha", "beta gamma"]));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("line one\nline two\nalpha|beta gamma\n", result.Stdout);
    }

    [Fact]
    public async Task CppCompileError_IsCompileError_WithTheCompilersMessage()
    {
        var result = await runner.RunAsync("cpp", "int main() { return undefined_name; }");

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.Contains("undefined_name", result.CompileOutput);
        Assert.Contains("was not declared in this scope", result.CompileOutput);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task JavaCompileError_IsCompileError_WithTheCompilersMessage()
    {
        var result = await runner.RunAsync("java", "public class Main { public static void main(String[] a) { int x = \"text\"; } }");

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.Contains("incompatible types", result.CompileOutput);
    }

    [Fact]
    public async Task PythonException_IsRuntimeError_WithTheTraceback()
    {
        var result = await runner.RunAsync("python", "def f():\n    raise ValueError('boom')\nf()");

        Assert.Equal(Verdicts.RuntimeError, result.Verdict);
        Assert.Contains("Traceback (most recent call last)", result.Stderr);
        Assert.Contains("ValueError: boom", result.Stderr);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public async Task CppNullDereference_IsRuntimeError_WithSignal11()
    {
        var result = await runner.RunAsync("cpp", "#include <cstdio>\nint main() { volatile int* p = nullptr; std::printf(\"%d\", *p); }");

        Assert.Equal(Verdicts.RuntimeError, result.Verdict);
        Assert.Equal(11, result.Signal);
        Assert.Null(result.ExitCode);
    }

    [Fact]
    public async Task NonZeroExit_IsRuntimeError_WithItsExitCode()
    {
        var result = await runner.RunAsync("c", "int main(void) { return 3; }");

        Assert.Equal(Verdicts.RuntimeError, result.Verdict);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task IdenticalCppSource_SecondRunComesFromTheCompileCache()
    {
        var source = $"#include <cstdio>\nint main() {{ std::puts(\"cache {Guid.NewGuid():N}\"); }}";

        var first = await runner.RunAsync("cpp", source);
        var second = await runner.RunAsync("cpp", source);

        Assert.False(first.CompileCached);
        Assert.True(second.CompileCached);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(Verdicts.Ok, second.Verdict);
    }

    [Fact]
    public async Task MultipleFiles_AreWrittenSideBySide()
    {
        var result = await runner.RunAsync(new ExecuteRequest("python", Files:
        [
            new SourceFile("main.py", "import helper\nprint(helper.greet())"),
            new SourceFile("helper.py", "def greet():\n    return 'from a second file'"),
        ]));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("from a second file\n", result.Stdout);
    }

    [Fact]
    public async Task Result_ReportsTimingsAndPeakMemory()
    {
        var result = await runner.RunAsync("python", "x = bytearray(40 * 1024 * 1024)\nfor i in range(0, len(x), 4096): x[i] = 1\nprint('done')");

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.InRange(result.MemoryKb, 40 * 1024, 128 * 1024);
        Assert.True(result.WallMs > 0 && result.CpuMs > 0, $"wall {result.WallMs} cpu {result.CpuMs}");
        Assert.True(result.FinishedAt >= result.StartedAt);
    }

    [Theory]
    [InlineData("HelloWorld")]
    [InlineData("Solution")]
    public async Task Java_RunsAPublicClassOfAnyName(string name)
    {
        var result = await runner.RunAsync("java", $"import java.util.*;\n\npublic class {name} {{\n    public static void main(String[] args) {{\n        System.out.println(\"hello from {name}\");\n    }}\n}}");

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal($"hello from {name}\n", result.Stdout);
    }

    [Fact]
    public async Task Java_MultipleFiles_EntryFileIsRenamedForItsPublicClass()
    {
        var result = await runner.RunAsync(new ExecuteRequest("java", Files:
        [
            new SourceFile("Main.java", "public class Solution { public static void main(String[] a) { System.out.println(Helper.greet()); } }"),
            new SourceFile("Helper.java", "public class Helper { static String greet() { return \"from Helper.java\"; } }"),
        ]));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("from Helper.java\n", result.Stdout);
    }

    [Theory]
    [InlineData("c")]
    [InlineData("c23")]
    public async Task C_IsTheGnuDialect_SoPosixTypesCompile_AndLibmLinks(string language)
    {
        const string source = """
            #include <dirent.h>
            #include <math.h>
            #include <stdio.h>
            #include <sys/types.h>
            #include <unistd.h>

            int main(int argc, char **argv) {
                pid_t pid = getpid();
                uid_t uid = getuid();
                DIR *dir = opendir(".");
                printf("%d %d %s %.0f\n", pid > 0, uid > 0, dir ? "dir" : "none", floor(sqrt((double)argc * 16.5)));
                return 0;
            }
            """;

        var result = await runner.RunAsync(language, source);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("1 1 dir 4\n", result.Stdout);
    }

    [Fact]
    public async Task CompilerWarnings_ReachCompileOutput_OfARunThatSucceeds()
    {
        var result = await runner.RunAsync("cpp", "#warning \"check this\"\n#include <cstdio>\nint main() { std::puts(\"ran\"); }");

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal("ran\n", result.Stdout);
        Assert.Contains("warning: #warning \"check this\"", result.CompileOutput);
    }
}
