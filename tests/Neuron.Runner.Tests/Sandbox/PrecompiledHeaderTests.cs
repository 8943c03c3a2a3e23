using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// C and C++ precompiled headers (languages.json "precompiledHeaders", built by runner/images/specs): used when valid
/// for the compile's exact flags, ignored otherwise, and never visible in a result — the same binary, program output
/// and diagnostics (include chains and the user's file and line) as a plain compile.
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class PrecompiledHeaderTests(RunnerFixture runner)
{
    private static readonly (string Name, string Source)[] CppCases =
    [
        ("stdc++", "#include <bits/stdc++.h>\nusing namespace std;\nint main() { vector<long long> v; for (int i = 0; i < 10; i++) v.push_back(i * i % 7);\n"
            + "sort(v.begin(), v.end()); map<long long, int> m; for (auto x : v) m[x]++;\nfor (auto [k, c] : m) cout << k << ':' << c << '\\n'; cout << accumulate(v.begin(), v.end(), 0LL) << endl; }"),
        ("iostream", "#include <iostream>\nint main() { std::cout << \"hello \" << 42 << std::endl; }"),
        ("vector", "#include <vector>\n#include <cstdio>\nint main() { std::vector<int> v(5, 3); std::printf(\"%zu\\n\", v.size()); }"),
        ("algorithm", "#include <algorithm>\n#include <cstdio>\nint main() { int a[] = {3, 1, 2}; std::sort(a, a + 3); std::printf(\"%d%d%d\\n\", a[0], a[1], a[2]); }"),
        ("string", "#include <string>\n#include <cstdio>\nint main() { std::string s = \"abc\"; s += s; std::puts(s.c_str()); }"),
        ("cstdio", "#include <cstdio>\nint main() { std::printf(\"%d\\n\", 7); }"),
        ("stdc++-header-error", "#include <bits/stdc++.h>\nusing namespace std;\nint main() { list<int> l{3, 1}; sort(l.begin(), l.end()); }"),
        ("stdc++-user-error", "#include <bits/stdc++.h>\n\nint main() {\n  std::map<int, int> m;\n  m.insert(1);\n  return undefined_name;\n}"),
        ("iostream-error", "#include <iostream>\nint main() { std::cout << std::cin; int x = \"s\"; }"),
    ];

    private static readonly (string Name, string Source)[] CCases =
    [
        ("stdio", "#include <stdio.h>\nint main(void) { printf(\"%d\\n\", 6 * 7); return 0; }"),
        ("math", "#include <math.h>\n#include <stdio.h>\nint main(void) { printf(\"%.3f\\n\", sqrt(2.0)); return 0; }"),
        ("stdlib-error", "#include <stdlib.h>\nint main(void) { printf(\"%d\\n\"); return undefined_name; }"),
        ("string-warning", "#include <string.h>\nint main(void) { char b[4]; strcpy(b, \"too long\"); return (int)strlen(b, 1); }"),
    ];

    /// <summary>Programs per language: each starts with a precompiled header; some fail inside a header's templates.</summary>
    private static readonly IReadOnlyDictionary<string, (string Name, string Source)[]> Cases = new Dictionary<string, (string Name, string Source)[]>
    {
        ["cpp"] = CppCases,
        ["cpp20"] = CppCases,
        ["cpp23"] = CppCases,
        ["c"] = CCases,
        ["c23"] = CCases,
    };

    [Theory]
    [InlineData("cpp", "bits/stdc++.h", "iostream", "vector", "algorithm", "string", "cstdio")]
    [InlineData("cpp20", "bits/stdc++.h", "iostream", "vector", "algorithm", "string", "cstdio")]
    [InlineData("cpp23", "bits/stdc++.h", "iostream", "vector", "algorithm", "string", "cstdio")]
    [InlineData("c", "stdio.h", "stdlib.h", "math.h", "string.h")]
    [InlineData("c23", "stdio.h", "stdlib.h", "math.h", "string.h")]
    public async Task EachPrecompiledHeader_IsUsed_WithTheLanguagesExactFlags(string id, params string[] headers)
    {
        var language = ShippedLanguages.Get(id);
        var script = string.Concat(headers.Select(h =>
            $"printf '#include <%s>\\nint main(void) {{ return 0; }}\\n' {ImageShell.Quote(h)} > {language.FileName}; "
            + $"{PchCommand(language)} -H -Winvalid-pch 2>&1 | grep -E '^[!x] |not used' ; rm -f {language.FileName}; "));

        var result = await ImageShell.RunAsync(language.Image, script);

        // -H marks the PCH it loaded with "!", one it rejected with "x"; -Winvalid-pch says why.
        Assert.Equal(string.Concat(headers.Select(h => $"! {language.PrecompiledHeaders}/{h}.gch\n")), result.Output);
    }

    [Theory]
    [InlineData("cpp")]
    [InlineData("cpp20")]
    [InlineData("cpp23")]
    [InlineData("c")]
    [InlineData("c23")]
    public async Task WithThePrecompiledHeader_BinaryAndDiagnostics_AreByteIdentical_ToAPlainCompile(string id)
    {
        var language = ShippedLanguages.Get(id);
        var files = Cases[id].ToDictionary(c => c.Name + Path.GetExtension(language.FileName), c => c.Source);
        var script = string.Concat(Cases[id].Select(c =>
        {
            var file = c.Name + Path.GetExtension(language.FileName);
            return $"cp {ImageShell.Quote(file)} {language.FileName}; "
                + $"{PchCommand(language)} > pch.txt 2>&1; echo \"exit $?\" >> pch.txt; mv main pch.bin 2>/dev/null; "
                + $"{ImageShell.Command(language.Compile!)} > plain.txt 2>&1; echo \"exit $?\" >> plain.txt; "
                + $"if cmp -s pch.txt plain.txt && {{ [ ! -e main ] && [ ! -e pch.bin ] || cmp -s main pch.bin; }}; then echo {ImageShell.Quote(c.Name)}: same; "
                + $"else echo {ImageShell.Quote(c.Name)}: differs; diff pch.txt plain.txt; fi; rm -f main pch.bin; ";
        }));

        var result = await ImageShell.RunAsync(language.Image, script, files);

        Assert.Equal(string.Concat(Cases[id].Select(c => $"{c.Name}: same\n")), result.Output);
    }

    [Theory]
    [InlineData("cpp", "-std=c++14")]
    [InlineData("cpp", "-O0")]
    [InlineData("cpp", "-D_GLIBCXX_DEBUG")]
    [InlineData("c", "-std=c99")]
    public async Task APrecompiledHeaderInvalidForTheFlags_IsIgnored_AndTheCompileIsPlain(string id, string otherFlag)
    {
        var language = ShippedLanguages.Get(id);
        var source = Cases[id][0].Source;
        var withFolder = ImageShell.Command([.. language.CompileFor(Files(language, source))!, otherFlag]);
        var plain = ImageShell.Command([.. language.Compile!, otherFlag]);
        var script = $"{withFolder} -Winvalid-pch 2>&1 | grep -cE 'not used because'; {withFolder} > a.txt 2>&1 && ./main > a.out; mv main a.bin; "
            + $"{plain} > b.txt 2>&1 && ./main > b.out && cmp a.txt b.txt && cmp a.out b.out && cmp a.bin main && echo plain";

        var result = await ImageShell.RunAsync(language.Image, script, new Dictionary<string, string> { [language.FileName] = source });

        Assert.Equal("1\nplain\n", result.Output);
    }

    [Theory]
    [InlineData("cpp")]
    [InlineData("cpp20")]
    [InlineData("cpp23")]
    [InlineData("c")]
    [InlineData("c23")]
    public async Task ThroughTheRunner_OutputAndCompileErrors_AreThoseOfAPlainCompile(string id)
    {
        var language = ShippedLanguages.Get(id);
        foreach (var (name, source) in Cases[id])
        {
            var plain = await ImageShell.RunAsync(language.Image,
                $"{ImageShell.Command(language.Compile!)} > compile.txt 2>&1 && ./main; cat compile.txt",
                new Dictionary<string, string> { [language.FileName] = source });

            var result = await runner.RunAsync(id, source);

            if (result.Verdict == Verdicts.CompileError)
            {
                Assert.Equal(plain.Output, result.CompileOutput);
                Assert.Contains($"{language.FileName}:", result.CompileOutput);
                Assert.DoesNotContain(".gch", result.CompileOutput);
            }
            else
            {
                Assert.True(result.Verdict == Verdicts.Ok, $"{name}: {result.Verdict} {result.CompileOutput}");
                Assert.Equal(plain.Output, result.Stdout + result.CompileOutput);
            }
        }
    }

    [Fact]
    public async Task AHeaderErrorsIncludeChain_EndsAtTheUsersLine()
    {
        var result = await runner.RunAsync("cpp", CppCases.Single(c => c.Name == "stdc++-header-error").Source);

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.Contains("                 from main.cpp:1:\n", result.CompileOutput);
    }

    [Fact]
    public async Task AnIncludeBelowTheFirstLine_CompilesPlain_WithTheUsersLineNumbers()
    {
        var result = await runner.RunAsync("cpp", "// a solution\n#include <bits/stdc++.h>\nint main() { std::list<int> l; std::sort(l.begin(), l.end()); }");

        Assert.Equal(Verdicts.CompileError, result.Verdict);
        Assert.Contains("                 from main.cpp:2:\n", result.CompileOutput);
    }

    private static string PchCommand(Language language) => ImageShell.Command(language.CompileFor(Files(language, "#include <x>\n"))!);

    private static IReadOnlyList<KeyValuePair<string, byte[]>> Files(Language language, string source) =>
        [new(language.FileName, System.Text.Encoding.UTF8.GetBytes(source))];
}
