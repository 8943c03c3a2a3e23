using System.Text;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Unit;

public sealed class LauncherProtocolTests
{
    [Fact]
    public async Task EncodedJob_ReadsBackFieldByField_WithBinaryContentIntact()
    {
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var job = new LauncherJob
        {
            Files = [new("main.c", Encoding.UTF8.GetBytes("int main(){}\n"))],
            Artifacts = [new("main", binary)],
            Compile = ["gcc", "main.c"],
            Run = ["./main"],
            Args = ["a b", ""],
            Stdin = Encoding.UTF8.GetBytes("in\n"),
            TimeMs = 1500,
            CpuMs = 3000,
            CompileTimeMs = 9000,
            OutputBytes = 4096,
            FileSizeBytes = 1 << 20,
            OpenFiles = 64,
        };

        var fields = await LauncherProtocol.ReadAsync(new MemoryStream(LauncherProtocol.Encode(job)), CancellationToken.None);

        Assert.Equal("1500", Text(fields, "time_ms"));
        Assert.Equal("3000", Text(fields, "cpu_ms"));
        Assert.Equal(["gcc", "main.c"], fields.Where(f => f.Tag == "carg").Select(f => Encoding.UTF8.GetString(f.Value)));
        Assert.Equal(["a b", ""], fields.Where(f => f.Tag == "arg").Select(f => Encoding.UTF8.GetString(f.Value)));
        var artifact = new LauncherReport(fields).Artifacts.Single();
        Assert.Equal("main", artifact.Key);
        Assert.Equal(binary, artifact.Value);
        Assert.Equal("in\n", Text(fields, "stdin"));
    }

    [Fact]
    public async Task WarmCompile_TravelsBesideTheColdCompile_WithTheWait_AndNotWithoutACompile()
    {
        var job = new LauncherJob
        {
            Files = [], Compile = ["javac", "Main.java"], WarmCompile = ["-proc:none", "Main.java"], WarmWaitMs = 0, Run = ["java", "Main"],
            TimeMs = 1000, CpuMs = 1000, CompileTimeMs = 1000, OutputBytes = 1, FileSizeBytes = 1, OpenFiles = 1,
        };

        var fields = await LauncherProtocol.ReadAsync(new MemoryStream(LauncherProtocol.Encode(job)), CancellationToken.None);
        var interpreted = await LauncherProtocol.ReadAsync(new MemoryStream(LauncherProtocol.Encode(job with { Compile = null })), CancellationToken.None);

        Assert.Equal(["javac", "Main.java"], fields.Where(f => f.Tag == "carg").Select(f => Encoding.UTF8.GetString(f.Value)));
        Assert.Equal(["-proc:none", "Main.java"], fields.Where(f => f.Tag == "wcarg").Select(f => Encoding.UTF8.GetString(f.Value)));
        Assert.Equal("0", Text(fields, "warm_wait_ms"));
        Assert.DoesNotContain(interpreted, f => f.Tag == "wcarg");
    }

    [Fact]
    public async Task LauncherHangingUpMidField_IsEndOfStream()
    {
        var truncated = Encoding.ASCII.GetBytes("stdout 10\nabc");

        await Assert.ThrowsAsync<EndOfStreamException>(() => LauncherProtocol.ReadAsync(new MemoryStream(truncated), CancellationToken.None));
    }

    [Fact]
    public async Task MalformedHeader_IsInvalidData()
    {
        var garbage = Encoding.ASCII.GetBytes("stdout ten\n");

        await Assert.ThrowsAsync<InvalidDataException>(() => LauncherProtocol.ReadAsync(new MemoryStream(garbage), CancellationToken.None));
    }

    /// <summary>A job that compiles (5 s) and runs (1 s); each budget test varies it.</summary>
    private static readonly LauncherJob CompileAndRun = new()
    {
        Files = [],
        Compile = ["kotlinc"],
        Run = ["java"],
        TimeMs = 1000,
        CpuMs = 1000,
        CompileTimeMs = 5000,
        OutputBytes = 1,
        FileSizeBytes = 1,
        OpenFiles = 1,
    };

    [Fact]
    public void JobBudget_CountsCompileTime_OnlyWhenItWillCompile()
    {
        var job = CompileAndRun;

        Assert.Equal(TimeSpan.FromMilliseconds(6000), job.Budget);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), (job with { Artifacts = [new("main", [1])] }).Budget);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), (job with { Compile = null }).Budget);
    }

    [Fact]
    public void JobBudget_CountsTheWaitForAWarmProcess_OfEachStepHandedToOne()
    {
        var job = CompileAndRun with { WarmWaitMs = 300 };

        Assert.Equal(TimeSpan.FromMilliseconds(6000), job.Budget); // no step is warm
        Assert.Equal(TimeSpan.FromMilliseconds(6300), (job with { WarmCompile = ["{file}"] }).Budget);
        Assert.Equal(TimeSpan.FromMilliseconds(1000), (job with { WarmCompile = ["{file}"], Artifacts = [new("Main.class", [1])] }).Budget);
        Assert.Equal(TimeSpan.FromMilliseconds(1300), (job with { Compile = null, WarmRun = ["main.py"] }).Budget);
    }

    [Fact]
    public async Task OutputFiles_AreAskedFor_AndReadBackWithRefusals()
    {
        var job = new LauncherJob
        {
            Files = [],
            Run = ["python3", "main.py"],
            TimeMs = 1000,
            CpuMs = 1000,
            CompileTimeMs = 1000,
            OutputBytes = 1,
            FileSizeBytes = 1,
            OpenFiles = 1,
            OutputFiles = 8,
            OutputFileBytes = 2 << 20,
        };
        var fields = await LauncherProtocol.ReadAsync(new MemoryStream(LauncherProtocol.Encode(job)), CancellationToken.None);
        Assert.Equal("8", Text(fields, "out_files"));
        Assert.Equal("2097152", Text(fields, "out_bytes"));

        var answer = Encoding.ASCII.GetBytes("outfile 8\na.txt\0hi" + "outfile_refused 12\nlink\0symlink" + "outfile_refused_more 1\n3end 0\n");
        var report = LauncherProtocol.Decode(await LauncherProtocol.ReadAsync(new MemoryStream(answer), CancellationToken.None));

        Assert.Equal("a.txt", report.OutputFiles.Single().Key);
        Assert.Equal("hi", Encoding.UTF8.GetString(report.OutputFiles.Single().Value));
        Assert.Equal(new KeyValuePair<string, string>("link", "symlink"), report.RefusedOutputFiles.Single());
        Assert.Equal(3, report.RefusedOutputFilesUnlisted);
    }

    private static string Text(List<(string Tag, byte[] Value)> fields, string tag) => Encoding.UTF8.GetString(fields.Single(f => f.Tag == tag).Value);
}
