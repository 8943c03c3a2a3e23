using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

public sealed class EntryPointsTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

    private static Language For(string id, string source)
    {
        Assert.True(Shipped.TryFind(id, out var language));
        return language.ForSource(source);
    }

    [Theory]
    [InlineData("public class HelloWorld { public static void main(String[] a) {} }", "HelloWorld")]
    [InlineData("import java.util.*;\n\npublic final class Solution {\n  public static void main(String[] args) {}\n}", "Solution")]
    [InlineData("class Helper {}\nclass Program { static public void main(String[] a) {} }", "Program")]
    [InlineData("// public class Commented {}\n/* public class Block {} */\nclass App { public static void main(String... a) { String s = \"public class Quoted\"; } }", "App")]
    [InlineData("class Main { public static void main(String[] a) {} }", "Main")]
    [InlineData("interface Greeter {}\n", "Main")]
    public void Java_RunsTheClassThatHoldsMain_FromAFileOfItsName(string source, string target)
    {
        var java = For("java", source);

        Assert.Equal(target + ".java", java.FileName);
        Assert.Equal(target + ".java", java.Compile![^1]);
        Assert.Equal(target, java.Run[^1]);
    }

    [Theory]
    [InlineData("fun main() {\n    println(1)\n}", "MainKt")]
    [InlineData("object Program {\n    @JvmStatic fun main(args: Array<String>) {}\n}", "Program")]
    public void Kotlin_RunsTheClassTheCompilerMakesOfMain(string source, string target)
    {
        var kotlin = For("kotlin", source);

        Assert.Equal("main.kt", kotlin.FileName);
        Assert.Equal(target, kotlin.Run[^1]);
    }

    [Theory]
    [InlineData("object HelloWorld {\n  def main(args: Array[String]): Unit = println(1)\n}", "HelloWorld")]
    [InlineData("object Util { val x = 1 }\nobject Solution extends App {\n  println(Util.x)\n}", "Solution")]
    public void Scala_RunsTheObjectWithMain(string source, string target)
    {
        Assert.Equal(target, For("scala", source).Run[^1]);
    }

    [Fact]
    public void Ada_NamesTheFileAfterTheMainProcedure()
    {
        var ada = For("ada", "-- procedure Commented is\nwith Ada.Text_IO;\nprocedure Hello_World is\nbegin\n   null;\nend Hello_World;");

        Assert.Equal("hello_world.adb", ada.FileName);
        Assert.Equal("./hello_world", ada.Run[0]);
    }

    [Fact]
    public void LanguagesWithoutARule_KeepTheirFileAndCommands()
    {
        var c = For("c", "int main(void) { return 0; }");

        Assert.Equal("main.c", c.FileName);
        Assert.DoesNotContain(c.Compile!, a => a.Contains('{'));
    }
}
