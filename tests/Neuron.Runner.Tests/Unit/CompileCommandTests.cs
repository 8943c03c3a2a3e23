using System.Text;
using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

/// <summary>Which compiler argv a submission gets: the precompiled-header folder only where it cannot change a diagnostic.</summary>
public sealed class CompileCommandTests
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;
    private static readonly Language Cpp = ShippedLanguages.Get("cpp");

    [Theory]
    [InlineData("#include <bits/stdc++.h>\nint main() {}")]
    [InlineData("#include<iostream>\r\nint main() {}")]
    [InlineData("  #  include <vector> // first\nint main() {}")]
    public void AnIncludeOnTheFirstLine_PutsThePrecompiledHeadersFirstOnTheIncludePath(string source)
    {
        Assert.Equal(["g++", "-I/usr/lib/neuron/pch/gnu++17-O2", .. Cpp.Compile!.Skip(1)], Cpp.CompileFor(Files(Cpp, source)));
    }

    [Theory]
    [InlineData("// solution\n#include <bits/stdc++.h>\nint main() {}")]
    [InlineData("\n#include <bits/stdc++.h>\nint main() {}")]
    [InlineData("#include \"mine.h\"\nint main() {}")]
    [InlineData("#define N 10\n#include <bits/stdc++.h>\nint main() {}")]
    [InlineData("\uFEFF#include <bits/stdc++.h>\nint main() {}")]
    public void AnythingElseOnTheFirstLine_CompilesPlain(string source)
    {
        Assert.Same(Cpp.Compile, Cpp.CompileFor(Files(Cpp, source)));
    }

    [Fact]
    public void ALanguageWithoutPrecompiledHeaders_CompilesAsConfigured()
    {
        var java = ShippedLanguages.Get("java");

        Assert.Same(java.Compile, java.CompileFor(Files(java, "import java.util.*;")));
    }

    [Fact]
    public void ShippedPrecompiledHeaders_AreNamedForTheFlagsTheyWereBuiltWith()
    {
        foreach (var language in Shipped.All.Where(l => l.PrecompiledHeaders is not null))
        {
            var std = language.Compile!.Single(a => a.StartsWith("-std=", StringComparison.Ordinal))["-std=".Length..];
            Assert.Equal($"/usr/lib/neuron/pch/{std}-O2", language.PrecompiledHeaders);
            Assert.Contains("-O2", language.Compile!);
        }
    }

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Files(Language language, string source) =>
        [new(language.FileName, Encoding.UTF8.GetBytes(source))];
}
