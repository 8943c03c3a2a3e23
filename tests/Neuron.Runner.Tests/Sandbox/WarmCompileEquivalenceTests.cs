using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Each warm compiler (languages.json "warm"; runner/images/specs/java.image, kotlin.image, scala.image) against its
/// cold command, in the image itself: for each program the same diagnostics, byte for byte (the user's file and line
/// included), the same exit code, and the same class files. The one line allowed to differ is the JVM's own warning
/// about the kotlinc script's -noverify, which the warm kotlinc's JVM is not given.
/// </summary>
public sealed class WarmCompileEquivalenceTests
{
    private const string NoverifyWarning = "OpenJDK 64-Bit Server VM warning: Options -Xverify:none and -noverify were deprecated in JDK 13 and will likely be removed in a future release.\n";

    public static TheoryData<string, string, string> Sources => new()
    {
        { "java", "public class Main { public static void main(String[] args) { System.out.println(\"hello\"); } }", "exit 0" },
        { "java", "public class HelloWorld {\n    public static void main(String[] args) { System.out.println(\"hi\"); }\n}", "exit 0" },
        {
            "java",
            "import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n        int x = \"s\";\n        List<String> l = new ArrayList<>();\n        l.add(1);\n        missing();\n    }\n}",
            "Main.java:5: error: incompatible types: String cannot be converted to int"
        },
        { "java", "public class Main {\n    public static void main(String[] args) {\n        System.out.println(\"x\")\n    }\n", "Main.java:3: error: ';' expected" },
        {
            "java",
            "import java.util.*;\n\npublic class Main {\n    static List raw() { return new ArrayList(); }\n    public static void main(String[] args) { List<String> l = raw(); l.add(\"x\"); System.out.println(l); }\n}",
            "Note: Main.java uses unchecked or unsafe operations."
        },
        { "java", "public class Main {\n    public static void main(String[] args) {\n        System.out.println(\"héllo ✓\");\n        char c = \"ü\";\n    }\n}", "char c = \"ü\";" },
        {
            "java",
            "import java.util.*;\nimport java.util.stream.*;\n\npublic class Main {\n    record P(int a, String b) {}\n    public static void main(String[] args) {\n        System.out.println(IntStream.range(0, 5).mapToObj(i -> new P(i, \"n\" + i)).collect(Collectors.toList()));\n    }\n}",
            "Main$P.class"
        },
        { "kotlin", "fun main() {\n    println(\"hello\")\n}", "exit 0" },
        { "kotlin", "fun main() {\n    val x: Int = \"s\"\n    println(\"x\"\n}", "main.kt:2:18: error: type mismatch: inferred type is String but Int was expected" },
        { "kotlin", "data class P(val a: Int, val b: String)\n\nfun main() {\n    println((0 until 3).map { P(it, \"n$it\") })\n    println(\"héllo ✓\")\n}", "P.class" },
        { "kotlin", "fun main() {\n    val unused = 1\n    println(missing)\n}", "main.kt:3:13: error: unresolved reference: missing" },
        { "scala", "object Main {\n  def main(args: Array[String]): Unit = println(\"hello\")\n}", "exit 0" },
        { "scala", "object Main {\n  def main(args: Array[String]): Unit = {\n    val x: Int = \"s\"\n  }\n}", "main.scala:3: error: type mismatch;" },
        { "scala", "object Main {\n  def main(args: Array[String]): Unit = {\n    println(List(1, 2).head\n  }\n}", "main.scala:4: error: ')' expected but '}' found." },
        { "scala", "object Main extends App {\n  @deprecated(\"old\", \"1.0\") def old = 1\n  case class P(a: Int)\n  println(s\"${P(old)} héllo ✓\")\n}", "warning: there was one deprecation warning" },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task WarmCompiler_GivesTheColdCompilesDiagnostics_ExitCodeAndClassFiles(string language, string source, string expected)
    {
        var compiler = ShippedLanguages.Get(language).ForSource(source);
        var file = ImageShell.Quote(compiler.FileName);
        string Compile(string how) => $"{how}; echo \"exit $?\"; sha256sum *.class 2>/dev/null | sort";
        var script = $"mkdir cold warm && cp {file} cold/ && mv {file} warm/ && cd cold && {Compile(ImageShell.Command(compiler.Compile!))}; echo ---; "
            + $"cd ../warm && {Compile(WarmCompiler.ShellCommand(compiler.WarmCommand!, compiler.WarmCompile!))}";

        var result = await ImageShell.RunAsync(compiler.Image, script, new Dictionary<string, string> { [compiler.FileName] = source });

        var halves = result.Output.Replace(NoverifyWarning, "", StringComparison.Ordinal).Split("---\n");
        Assert.True(halves.Length == 2, result.Output);
        Assert.Contains(expected, halves[0]);
        Assert.Equal(halves[0], halves[1]);
    }
}
