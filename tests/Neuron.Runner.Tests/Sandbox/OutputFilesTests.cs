using System.Text;
using Neuron.Runner.Contracts;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Files a program leaves in its output folder (<c>out/</c>, <c>$NEURON_OUT</c>) come back with their sniffed media
/// types, within <see cref="OutputFileLimits"/>; every hostile case ends as an omitted entry with its reason, never
/// as a file read through a link or past the limits. The container stays clean after each (the janitor wipes out/).
/// </summary>
[Collection(RunnerCollection.Name)]
public sealed class OutputFilesTests(RunnerFixture runner)
{
    [Fact]
    public async Task MatplotlibPlot_SavedToOut_ComesBackAsPng_WithNoWarnings()
    {
        var result = await runner.RunAsync("python", """
            import os
            import matplotlib.pyplot as plt
            plt.plot([1, 2, 3], [1, 4, 9])
            plt.title("squares")
            plt.savefig("out/plot.png")
            print(os.environ["NEURON_OUT"], os.path.realpath("out"))
            """, limits: new RunLimits(TimeMs: 15_000));

        Assert.True(result.Verdict == Verdicts.Ok, $"{result.Verdict}: {result.Stderr}");
        Assert.Equal("/work/out /work/out\n", result.Stdout);
        Assert.Equal("", result.Stderr); // no backend or cache-folder warnings
        var plot = Assert.Single(result.OutputFiles);
        Assert.Equal(("plot.png", OutputFileLimits.Png), (plot.Name, plot.MediaType));
        Assert.Equal(plot.Content.Length, plot.Size);
        Assert.InRange(plot.Size, 5_000, OutputFileLimits.MaxBytes);
        Assert.Empty(result.OmittedOutputFiles);
    }

    [Fact]
    public async Task EachKindOfFile_GetsItsTypeFromContent_InNameOrder()
    {
        var result = await runner.RunAsync("python", """
            import os
            out = os.environ["NEURON_OUT"]
            def put(name, data):
                with open(os.path.join(out, name), "wb") as f:
                    f.write(data)
            put("a.csv", b"x,y\n1,2\n")
            put("b.json", b'{"ok": true}')
            put("c.txt", "héllo\n".encode())
            put("d.gif", b"GIF89a" + bytes(10))
            put("e.jpg", bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(10))
            put("f.bin", bytes(range(256)))
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(
            [("a.csv", OutputFileLimits.Csv), ("b.json", OutputFileLimits.Json), ("c.txt", OutputFileLimits.Text),
             ("d.gif", OutputFileLimits.Gif), ("e.jpg", OutputFileLimits.Jpeg), ("f.bin", OutputFileLimits.Binary)],
            result.OutputFiles.Select(f => (f.Name, f.MediaType)));
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), result.OutputFiles[^1].Content);
    }

    [Fact]
    public async Task SymlinkToEtcPasswd_IsOmitted_AndNothingOfItIsRead()
    {
        var result = await runner.RunAsync("python", """
            import os
            os.symlink("/etc/passwd", "out/passwd.txt")
            os.symlink("/etc/passwd", "out/passwd.png")
            os.link("main.py", "out/hardlink.txt")  # a hard link can only name the run's own files: same tmpfs
            print("planted")
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(["hardlink.txt"], result.OutputFiles.Select(f => f.Name));
        Assert.Equal([new OmittedOutputFile("passwd.png", "symlink"), new OmittedOutputFile("passwd.txt", "symlink")], result.OmittedOutputFiles);
        Assert.DoesNotContain(result.OutputFiles, f => Encoding.UTF8.GetString(f.Content).Contains("root:x:0:0"));
    }

    [Fact]
    public async Task OutFolderReplacedBySymlink_IsOmittedWhole()
    {
        var result = await runner.RunAsync("python", """
            import os
            os.rmdir("out")
            os.symlink("/etc", "out")
            print("planted")
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Empty(result.OutputFiles);
        Assert.Equal([new OmittedOutputFile("out", "not a folder")], result.OmittedOutputFiles); // lstat sees the link (gVisor's O_DIRECTORY|O_NOFOLLOW alone follows it)
    }

    [Fact]
    public async Task FileBiggerThanTheLimit_IsOmitted_AndSmallerOnesStillCome()
    {
        var result = await runner.RunAsync("python", """
            with open("out/a-big.bin", "wb") as f:
                f.write(b"x" * (2 * 1024 * 1024 + 1))
            with open("out/b-small.txt", "w") as f:
                f.write("small\n")
            """, limits: new RunLimits(MemoryMb: 256));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(["b-small.txt"], result.OutputFiles.Select(f => f.Name));
        Assert.Equal([new OmittedOutputFile("a-big.bin", "too large")], result.OmittedOutputFiles);
    }

    [Fact]
    public async Task TotalPastTheLimit_OmitsTheFilesThatDoNotFit()
    {
        var result = await runner.RunAsync("python", """
            for name in ["a", "b", "c"]:
                with open(f"out/{name}.bin", "wb") as f:
                    f.write(b"\0" * (900 * 1024))
            """, limits: new RunLimits(MemoryMb: 256));

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(["a.bin", "b.bin"], result.OutputFiles.Select(f => f.Name));
        Assert.Equal([new OmittedOutputFile("c.bin", "too large")], result.OmittedOutputFiles);
        Assert.True(result.OutputFiles.Sum(f => f.Size) <= OutputFileLimits.MaxBytes);
    }

    [Fact]
    public async Task AHundredFiles_ReturnTheFirstEight_AndCountTheRest()
    {
        var result = await runner.RunAsync("python", """
            for i in range(100):
                with open(f"out/f{i:03}.txt", "w") as f:
                    f.write(f"{i}\n")
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"f{i:000}.txt"), result.OutputFiles.Select(f => f.Name));
        Assert.Equal(92, result.OmittedOutputFileCount);
        Assert.Equal(OutputFileLimits.MaxOmittedListed, result.OmittedOutputFiles.Count);
        Assert.All(result.OmittedOutputFiles, o => Assert.Equal("too many files", o.Reason));
        Assert.Equal("f008.txt", result.OmittedOutputFiles[0].Name);
    }

    [Fact]
    public async Task SvgWithScript_IsAnSvgImage_AndHtmlNamedPng_IsPlainText()
    {
        var result = await runner.RunAsync("python", """
            with open("out/chart.svg", "w") as f:
                f.write('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>')
            with open("out/fake.png", "w") as f:
                f.write("<html><body><script>alert(document.cookie)</script></body></html>")
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Equal([("chart.svg", OutputFileLimits.Svg), ("fake.png", OutputFileLimits.Text)], result.OutputFiles.Select(f => (f.Name, f.MediaType)));
    }

    [Fact]
    public async Task FoldersFifosAndHiddenFiles_AreOmitted_WithTheirReason()
    {
        var result = await runner.RunAsync("python", """
            import os
            os.mkdir("out/sub")
            open("out/sub/inner.txt", "w").write("x")
            os.mkfifo("out/pipe")
            open("out/.hidden", "w").write("x")
            """);

        Assert.Equal(Verdicts.Ok, result.Verdict);
        Assert.Empty(result.OutputFiles);
        Assert.Equal(
            [new OmittedOutputFile(".hidden", "name"), new OmittedOutputFile("pipe", "not a regular file"), new OmittedOutputFile("sub", "not a regular file")],
            result.OmittedOutputFiles);
    }

    [Fact]
    public async Task FilesOfAFailedRun_StillComeBack_AndTheNextRunStartsWithAnEmptyFolder()
    {
        var failed = await runner.RunAsync("python", """
            open("out/partial.txt", "w").write("before the crash\n")
            raise SystemExit(3)
            """);
        Assert.Equal(Verdicts.RuntimeError, failed.Verdict);
        Assert.Equal(["partial.txt"], failed.OutputFiles.Select(f => f.Name));

        var next = await runner.RunInSandboxAsync(failed.Sandbox, new ExecuteRequest("python", "import os\nprint(os.listdir('out'))\n"));
        Assert.Equal("[]\n", next.Stdout);
        Assert.Empty(next.OutputFiles);
    }
}
