using System.Text;
using Microsoft.Extensions.Options;
using Neuron.Runner.Execution;
using Neuron.Runner.Languages;

namespace Neuron.Runner.Tests.Unit;

public sealed class CompileCacheTests
{
    private static readonly Language Cpp = new()
    {
        Id = "cpp",
        Name = "C++",
        Aliases = [],
        Image = "img",
        FileName = "main.cpp",
        Compile = ["g++", "-O2", "main.cpp"],
        Run = ["./main"],
        PidsLimit = 64,
        DefaultLimits = new(1, 1, 1),
        MinLimits = new(1, 1, 1),
        MaxLimits = new(1, 1, 1),
    };

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Files(string source) => [new("main.cpp", Encoding.UTF8.GetBytes(source))];

    [Fact]
    public void Key_ChangesWithSourceFlagsImageAndLanguage()
    {
        var key = CompileCache.Key(Cpp, "sha256:a", Files("int main(){}"));

        Assert.Equal(key, CompileCache.Key(Cpp, "sha256:a", Files("int main(){}")));
        Assert.NotEqual(key, CompileCache.Key(Cpp, "sha256:a", Files("int main(){ }")));
        Assert.NotEqual(key, CompileCache.Key(Cpp, "sha256:b", Files("int main(){}")));
        Assert.NotEqual(key, CompileCache.Key(Cpp with { Compile = ["g++", "-O0", "main.cpp"] }, "sha256:a", Files("int main(){}")));
        Assert.NotEqual(key, CompileCache.Key(Cpp with { Id = "cpp20" }, "sha256:a", Files("int main(){}")));
    }

    [Fact]
    public void Key_DoesNotConfuseFileBoundaries()
    {
        IReadOnlyList<KeyValuePair<string, byte[]>> one = [new("a", [1, 2]), new("b", [3])];
        IReadOnlyList<KeyValuePair<string, byte[]>> other = [new("a", [1]), new("b", [2, 3])];

        Assert.NotEqual(CompileCache.Key(Cpp, "i", one), CompileCache.Key(Cpp, "i", other));
    }

    [Fact]
    public void Put_EvictsTheLeastRecentlyUsed_WhenOverCapacity()
    {
        var cache = new CompileCache(Options.Create(new RunnerOptions { CompileCacheMb = 1 }));
        var quarter = new byte[250 * 1024]; // four fit in 1 MiB, five do not
        cache.Put("a", [new("main", quarter)]);
        cache.Put("b", [new("main", quarter)]);
        cache.Put("c", [new("main", quarter)]);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent

        cache.Put("d", [new("main", quarter)]);
        cache.Put("e", [new("main", quarter)]);

        Assert.True(cache.TryGet("a", out var artifacts));
        Assert.Same(quarter, artifacts.Single().Value);
        Assert.False(cache.TryGet("b", out _));
    }

    [Fact]
    public void Disabled_WhenItsSizeIsZero() =>
        Assert.False(new CompileCache(Options.Create(new RunnerOptions { CompileCacheMb = 0 })).Enabled);
}
