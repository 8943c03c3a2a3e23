namespace Neuron.Deploy.Tests.Scripts;

/// <summary>Every shell script of the repository's tooling passes shellcheck: the bash that builds, tests and deploys Neuron.</summary>
public sealed class ShellScriptsTests
{
    /// <summary>infra/'s bash scripts (a bash shebang, or .sh: lib.sh is sourced), .ci/run, and build-images' helper.</summary>
    private static List<string> ScriptPaths() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "infra"))
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal)
                || (File.ReadLines(f).FirstOrDefault() is { } first && first.StartsWith("#!", StringComparison.Ordinal) && first.Contains("bash", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Order(StringComparer.Ordinal),
        ".ci/run",
        "runner/images/apt-retry.sh",
    ];

    public static TheoryData<string> Scripts() => [.. ScriptPaths()];

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_PassesShellcheck(string script)
    {
        var result = await ProcessRunner.RunAsync("shellcheck", ["-x", script], TimeSpan.FromMinutes(1), workingDirectory: RepoPaths.Root);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public void TheScriptsChecked_IncludeTheOnesThatBuildTestAndDeploy()
    {
        Assert.Subset(ScriptPaths().ToHashSet(), new HashSet<string> { "infra/build-images", "infra/deploy", "infra/test", "infra/up", "infra/lib.sh" });
    }
}
