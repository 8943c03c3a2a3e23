using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// A compile never runs the submission's code: javac's annotation processors are found on the user class path (the
/// work folder, where a submission's files are), so the shipped compile command and the warm javac's arguments turn
/// processing off (-proc:none).
/// </summary>
public sealed class CompileRunsNoUserCodeTests
{
    private static readonly Language Java = ShippedLanguages.Get("java");

    private const string Processor = """
        import java.util.Set;
        import javax.annotation.processing.*;
        import javax.lang.model.SourceVersion;
        import javax.lang.model.element.TypeElement;

        @SupportedAnnotationTypes("*")
        public class Evil extends AbstractProcessor {
            @Override public synchronized void init(ProcessingEnvironment env) { super.init(env); System.out.println("processor ran"); }
            @Override public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) { return false; }
            @Override public SourceVersion getSupportedSourceVersion() { return SourceVersion.latestSupported(); }
        }
        """;

    [Fact]
    public async Task AnAnnotationProcessorInTheWorkFolder_DoesNotRun_UnderTheShippedJavacCommand()
    {
        // The same compile without -proc:none runs the processor: the planted files are live, the test can fail.
        var output = await CompileWithAProcessorPlantedAsync(ImageShell.Command(Java.Compile!), ImageShell.Command(Java.Compile!.Where(a => a != "-proc:none")));

        Assert.Equal("shipped:\nwithout -proc:none:\nprocessor ran\n", output);
    }

    [Fact]
    public async Task AnAnnotationProcessorInTheWorkFolder_DoesNotRun_InTheWarmJavac()
    {
        var output = await CompileWithAProcessorPlantedAsync(
            WarmCompiler.ShellCommand(Java.WarmCommand!, Java.WarmCompile!), WarmCompiler.ShellCommand(Java.WarmCommand!, Java.WarmCompile!.Where(a => a != "-proc:none")));

        Assert.Equal("shipped:\nwithout -proc:none:\nprocessor ran\n", output);
    }

    /// <summary>Plants a compiled processor and its service file in the work folder, then runs both compiles of Main there.</summary>
    private static async Task<string> CompileWithAProcessorPlantedAsync(string shipped, string withoutFlag)
    {
        var script = "mkdir -p src META-INF/services && mv Evil.java src/ && javac -d . src/Evil.java && rm -r src "
            + "&& echo Evil > META-INF/services/javax.annotation.processing.Processor "
            + $"&& echo shipped: && {shipped} && echo without -proc:none: && {withoutFlag}";

        var result = await ImageShell.RunAsync(Java.Image, script, new Dictionary<string, string>
        {
            ["Evil.java"] = Processor,
            [Java.FileName] = "@Deprecated public class Main { public static void main(String[] a) { System.out.println(\"ok\"); } }",
        });
        return result.Output;
    }
}
