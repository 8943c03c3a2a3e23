namespace Neuron.Deploy.Tests.Images;

/// <summary>
/// runner/images/apt-retry.sh, which infra/build-images runs its debootstrap and docker builds through: a build that
/// met a network or mirror error is tried again, any other failure is final at once. Real bash, a stand-in build that
/// fails the first <c>n</c> times.
/// </summary>
public sealed class AptRetryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neuron-apt-retry-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ABuildThatMetAMirrorError_IsTriedAgain_AndItsSuccessCounts()
    {
        var (exit, attempts, output) = await RetryAsync(failures: 1, message: "E: Failed to fetch http://deb.debian.org/debian/pool/main/g/gcc-12/cpp-12_12.2.0-14_amd64.deb  Connection failed");

        Assert.True(exit == 0, output);
        Assert.Equal(2, attempts);
        Assert.Contains("[apt-retry] network or mirror error (attempt 1 of 3", output, StringComparison.Ordinal);
        Assert.Equal("built\n", await File.ReadAllTextAsync(Path.Join(_dir, "build.log")));
    }

    [Fact]
    public async Task AMirrorThatStaysDown_FailsTheBuild_AfterThreeAttempts()
    {
        var (exit, attempts, output) = await RetryAsync(failures: 5, message: "Temporary failure resolving 'deb.debian.org'");

        Assert.True(exit == 1, output);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task AnyOtherFailure_IsFinal_AtTheFirstAttempt()
    {
        var (exit, attempts, output) = await RetryAsync(failures: 1, message: "E: Unable to locate package no-such-package");

        Assert.True(exit == 1, output);
        Assert.Equal(1, attempts);
        Assert.DoesNotContain("[apt-retry]", output, StringComparison.Ordinal);
    }

    /// <summary>Runs a stand-in build through with_apt_retry; it prints <paramref name="message"/> and fails its first <paramref name="failures"/> runs.</summary>
    private async Task<(int Exit, int Attempts, string Output)> RetryAsync(int failures, string message)
    {
        var build = Path.Join(_dir, "build");
        await File.WriteAllTextAsync(build, $"""
            #!/usr/bin/env bash
            n=$(cat "{_dir}/count" 2>/dev/null || echo 0); echo $((n + 1)) > "{_dir}/count"
            if [ "$n" -lt {failures} ]; then echo "{message}"; exit 100; fi
            echo built
            """);
        File.SetUnixFileMode(build, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = Path.Join(RepoPaths.Root, "runner", "images", "apt-retry.sh");

        var result = await ProcessRunner.RunAsync("bash", ["-c", $". '{script}' && with_apt_retry '{_dir}/build.log' '{build}'"], TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["APT_RETRY_PAUSE"] = "0" });

        return (result.ExitCode, int.Parse(await File.ReadAllTextAsync(Path.Join(_dir, "count")), System.Globalization.CultureInfo.InvariantCulture), result.Output);
    }
}
