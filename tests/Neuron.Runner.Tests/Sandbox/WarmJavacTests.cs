using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// The warm javac (languages.json "warm", runner/images/specs/java.image) against the cold javac command, in the image
/// itself: for each program the same diagnostics, byte for byte (the user's file and line included), the same exit
/// code, and the same class files.
/// </summary>
public sealed class WarmJavacTests
{
    private static readonly Language Java = LanguageCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Languages", "languages.json")).All.Single(l => l.Id == "java");

    public static TheoryData<string, string> Sources => new()
    {
        { "public class Main { public static void main(String[] args) { System.out.println(\"hello\"); } }", "exit 0" },
        { "public class HelloWorld {\n    public static void main(String[] args) { System.out.println(\"hi\"); }\n}", "exit 0" },
        {
            "import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n        int x = \"s\";\n        List<String> l = new ArrayList<>();\n        l.add(1);\n        missing();\n    }\n}",
            "Main.java:5: error: incompatible types: String cannot be converted to int"
        },
        { "public class Main {\n    public static void main(String[] args) {\n        System.out.println(\"x\")\n    }\n", "Main.java:3: error: ';' expected" },
        {
            "import java.util.*;\n\npublic class Main {\n    static List raw() { return new ArrayList(); }\n    public static void main(String[] args) { List<String> l = raw(); l.add(\"x\"); System.out.println(l); }\n}",
            "Note: Main.java uses unchecked or unsafe operations."
        },
        { "public class Main {\n    public static void main(String[] args) {\n        System.out.println(\"héllo ✓\");\n        char c = \"ü\";\n    }\n}", "char c = \"ü\";" },
        {
            "import java.util.*;\nimport java.util.stream.*;\n\npublic class Main {\n    record P(int a, String b) {}\n    public static void main(String[] args) {\n        System.out.println(IntStream.range(0, 5).mapToObj(i -> new P(i, \"n\" + i)).collect(Collectors.toList()));\n    }\n}",
            "Main$P.class"
        },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task WarmJavac_GivesTheColdCompilesDiagnostics_ExitCodeAndClassFiles(string source, string expected)
    {
        var java = Java.ForSource(source);
        var file = ImageShell.Quote(java.FileName);
        string Compile(string how) => $"{how}; echo \"exit $?\"; sha256sum *.class 2>/dev/null | sort";
        var script = $"mkdir cold warm && cp {file} cold/ && mv {file} warm/ && cd cold && {Compile(ImageShell.Command(java.Compile!))}; echo ---; "
            + $"cd ../warm && {Compile(WarmCompiler.ShellCommand(java.WarmCommand!, java.WarmCompile!))}";

        var result = await ImageShell.RunAsync(java.Image, script, new Dictionary<string, string> { [java.FileName] = source });

        var halves = result.Output.Split("---\n");
        Assert.True(halves.Length == 2, result.Output);
        Assert.Contains(expected, halves[0]);
        Assert.Equal(halves[0], halves[1]);
    }
}
