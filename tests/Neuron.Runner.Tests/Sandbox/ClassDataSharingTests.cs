using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>The class-data-sharing archives built into the Java image (runner/images/specs/java.image) serve javac and java.</summary>
public sealed class ClassDataSharingTests
{
    private static readonly Language Java = ShippedLanguages.Get("java");

    [Fact]
    public async Task JavacAndJava_MapTheirArchives_WithTheLanguagesExactFlags()
    {
        // -Xshare:on turns "archive unusable, run without it" into a start-up failure; class+load names where each class came from.
        string[] compile = [Java.Compile![0], "-J-Xshare:on", "-J-Xlog:class+load=info", .. Java.Compile.Skip(1)];
        string[] run = [Java.Run[0], "-Xshare:on", "-Xlog:class+load=info", .. Java.Run.Skip(1)];
        var script = $"{ImageShell.Command(compile)} | grep -c 'shared objects file (top)'; {ImageShell.Command(run)} | grep -c 'shared objects file (top)'";

        var result = await ImageShell.RunAsync(Java.Image, script, new Dictionary<string, string> { [Java.FileName] = Programs.Hello["java"] });

        var counts = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        Assert.True(counts is [> 1000, > 0], result.Output);
    }
}
