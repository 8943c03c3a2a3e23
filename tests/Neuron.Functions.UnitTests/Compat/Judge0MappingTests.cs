using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Neuron.Functions.Compat;
using Neuron.Functions.Compat.Judge0;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Compat;

/// <summary>Judge0's status mapping, field selection, Base64, argument splitting, compiler options and additional files.</summary>
public sealed class Judge0MappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static RunRecord Run(string status, string? verdict = null, int? exitCode = null, int? signal = null, bool stdoutTruncated = false) => new()
    {
        Id = "0193a5b2c4d87e6f9a0b1c2d3e4f5a6b",
        Status = status,
        Verdict = verdict,
        Language = "python",
        Version = "3.11.2",
        Limits = new RunLimits(2000, 128, 64),
        Source = "print(1)",
        CreatedAt = Now,
        QueuedAt = Now,
        FinishedAt = status is RunStatus.Completed or RunStatus.Failed ? Now.AddSeconds(1) : null,
        Result = RunResult.None with
        {
            Stdout = "1\n",
            ExitCode = exitCode,
            Signal = signal,
            StdoutTruncated = stdoutTruncated,
            TimeMs = 25,
            CpuMs = 14,
            MemoryKb = 9120,
        },
    };

    public static TheoryData<RunRecord, int> Statuses() => new()
    {
        { Run(RunStatus.Queued), 1 },
        { Run(RunStatus.Running), 2 },
        { Run(RunStatus.Completed, Verdicts.Ok, 0), 3 },
        { Run(RunStatus.Completed, Verdicts.WrongAnswer, 0), 4 },
        { Run(RunStatus.Completed, Verdicts.TimeLimit), 5 },
        { Run(RunStatus.Completed, Verdicts.CompileError), 6 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, signal: 11), 7 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, signal: 25), 8 },
        { Run(RunStatus.Completed, Verdicts.OutputLimit, 0, stdoutTruncated: true), 8 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, signal: 8), 9 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, signal: 6), 10 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, exitCode: 1), 11 },
        { Run(RunStatus.Completed, Verdicts.RuntimeError, signal: 9), 12 },
        { Run(RunStatus.Completed, Verdicts.MemoryLimit, signal: 9), 12 },
        { Run(RunStatus.Completed, Verdicts.MemoryLimit, signal: 6), 10 },
        { Run(RunStatus.Completed, Verdicts.MemoryLimit, exitCode: 1), 11 },
        { Run(RunStatus.Completed, Verdicts.MemoryLimit), 12 },
        { Run(RunStatus.Completed, Verdicts.InternalError), 13 },
        { Run(RunStatus.Failed, Verdicts.InternalError), 13 },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Status_IsJudge0s(RunRecord run, int expected) => Assert.Equal(expected, Judge0Status.Of(run).Id);

    [Theory]
    [InlineData(0.1, null, 100)]
    [InlineData(2.0, 5.0, 2000)]
    [InlineData(null, 1.0005, 1001)]
    [InlineData(0.0, 3.0, 3000)]
    [InlineData(null, null, null)]
    public void TimeLimit_IsTheSmallerGiven_InMillisecondsRoundedUp(double? cpu, double? wall, int? expected) =>
        Assert.Equal(expected, TimeLimit.Milliseconds(cpu, wall, millisecondsPerUnit: 1000));

    [Fact]
    public void MemoryLimit_SaysSo_InTheMessage() =>
        Assert.Equal("Memory limit exceeded", IsolateOutcome.Of(Run(RunStatus.Completed, Verdicts.MemoryLimit, signal: 9)).Message);

    [Theory]
    [InlineData(null, "token,time,memory,stdout,stderr,compile_output,message,status")]
    [InlineData("", "token,time,memory,stdout,stderr,compile_output,message,status")]
    [InlineData("stdout, status_id", "stdout,status_id")]
    [InlineData("stdout,stdout", "stdout")]
    public void Fields_ParseAsJudge0s(string? query, string expected) =>
        Assert.Equal(expected.Split(','), Judge0Fields.Parse(query).Fields!.Names);

    [Fact]
    public void Fields_Star_IsEveryAttribute_AndUnknownNamesAreListed()
    {
        Assert.Equal(Judge0Fields.AllNames, Judge0Fields.Parse("stdout,*").Fields!.Names);
        Assert.Equal("invalid fields: [foo, id]", Judge0Fields.Parse("stdout,foo,id").Error);
    }

    [Fact]
    public void Writer_GivesTheFieldsInOrder_WithJudge0sTypes()
    {
        var writer = new Judge0SubmissionWriter(null!);
        var json = JsonDocument.Parse(writer.Serialize(Run(RunStatus.Completed, Verdicts.Ok, 0),
            new Judge0Fields(["status_id", "time", "wall_time", "memory", "exit_code", "stderr", "token", "language_id", "memory_limit", "cpu_time_limit"]), base64: false)).RootElement;

        Assert.Equal(
            """{"status_id":3,"time":"0.014","wall_time":"0.025","memory":9120,"exit_code":0,"stderr":null,"token":"0193a5b2-c4d8-7e6f-9a0b-1c2d3e4f5a6b","language_id":71,"memory_limit":131072,"cpu_time_limit":"2.0"}""",
            json.GetRawText());
    }

    [Fact]
    public void Callback_IsTheDefaultFields_InBase64()
    {
        var writer = new Judge0SubmissionWriter(null!);

        var json = JsonDocument.Parse(writer.SerializeCallback(Run(RunStatus.Completed, Verdicts.Ok, 0))).RootElement;

        Assert.Equal(Judge0Fields.Default.Names, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("MQo=\n", json.GetProperty("stdout").GetString());
    }

    [Fact]
    public void Base64_IsRubysEncode64_AndDecodingIgnoresLineBreaks()
    {
        var text = new string('a', 100);

        var encoded = Judge0Base64.Encode(text);

        Assert.Equal([60, 60, 16, 0], encoded.Split('\n').Select(l => l.Length));
        Assert.Equal(text, Encoding.UTF8.GetString(Judge0Base64.Decode(encoded)!));
        Assert.Null(Judge0Base64.Decode("not base64!"));
    }

    [Theory]
    [InlineData("a b  c", new[] { "a", "b", "c" })]
    [InlineData("'two words' \"and \\\"three\\\"\"", new[] { "two words", "and \"three\"" })]
    [InlineData("a\\ b ''", new[] { "a b", "" })]
    [InlineData("$(whoami) `id` a;b|c>d", new[] { "(whoami)", "id", "abcd" })]
    [InlineData("", new string[0])]
    public void CommandLineArguments_SplitAsBashWouldAfterJudge0sFilter(string line, string[] expected) =>
        Assert.Equal(expected, CommandLineArguments.Split(line));

    [Fact]
    public void CommandLineArguments_WithAnOpenQuote_AreRefused_AndJoinReadsBack()
    {
        Assert.Null(CommandLineArguments.Split("'open"));
        string[] args = ["plain", "two words", "it's", ""];
        Assert.Equal(args, CommandLineArguments.Split(CommandLineArguments.Join(args)));
    }

    [Theory]
    [InlineData("cpp", "-O2 -pipe", "cpp")]
    [InlineData("cpp", "-std=c++20", "cpp20")]
    [InlineData("cpp", "-std=c++20 -std=c++17", "cpp")]
    [InlineData("cpp20", "-std=c++17 -O2", "cpp")]
    [InlineData("c", "-lm -std=c11", "c")]
    public void CompilerOptions_OnTheAllowList_SelectTheLanguage(string language, string options, string expected)
    {
        var (chosen, error) = CompilerOptions.Apply(language, compiled: true, options, _ => true);

        Assert.Null(error);
        Assert.Equal(expected, chosen);
    }

    [Theory]
    [InlineData("cpp", true, "-O3", "'-O3' is not allowed; allowed options: -O2 -pipe -lm -std=c++17 -std=c++2a -std=c++20 -std=c++2b -std=c++23")]
    [InlineData("cpp", true, "-fplugin=/tmp/evil.so", "'-fplugin=/tmp/evil.so' is not allowed; allowed options: -O2 -pipe -lm -std=c++17 -std=c++2a -std=c++20 -std=c++2b -std=c++23")]
    [InlineData("java", true, "-J-Xmx8g", "'-J-Xmx8g' is not allowed: Neuron compiles this language with fixed options")]
    [InlineData("python", false, "-O", "setting compiler options is only allowed for compiled languages")]
    public void CompilerOptions_OffTheList_AreRefused(string language, bool compiled, string options, string message) =>
        Assert.Equal(message, CompilerOptions.Apply(language, compiled, options, _ => true).Error);

    [Fact]
    public void CompilerOptions_ThatSelectAnAbsentLanguage_AreRefused() =>
        Assert.Equal("the options select language 'cpp23', which this deployment does not serve",
            CompilerOptions.Apply("cpp", true, "-std=c++23", id => id != "cpp23").Error);

    [Fact]
    public void AdditionalFiles_AreTheZipsRootFiles_Bounded()
    {
        var zip = Zip(("helper.py", "def f(): pass\n"), ("data.txt", "1 2 3\n"), ("folder/", ""));

        var (files, error) = AdditionalFiles.Read(zip, maxBytes: 1024);

        Assert.Null(error);
        Assert.Equal([new SourceFile("helper.py", "def f(): pass\n"), new SourceFile("data.txt", "1 2 3\n")], files);
        Assert.Equal("holds more than 10 bytes once extracted", AdditionalFiles.Read(zip, maxBytes: 10).Error);
        Assert.Equal("'folder/x.h' is in a folder; Neuron places files beside the program only", AdditionalFiles.Read(Zip(("folder/x.h", "")), 1024).Error);
        Assert.Equal("is not a valid .zip archive", AdditionalFiles.Read(Convert.ToBase64String([1, 2, 3, 4]), 1024).Error);
    }

    [Fact]
    public void AdditionalFiles_StopAZipBombAtTheBound()
    {
        // 64 MiB of zeros deflate to about 64 KiB; reading stops at the bound, long before inflating it all.
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = archive.CreateEntry("bomb.txt", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
                entry.Write(zeros);
        }

        Assert.Equal("holds more than 65536 bytes once extracted", AdditionalFiles.Read(Convert.ToBase64String(buffer.ToArray()), 65536).Error);
    }

    private static string Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }
        return Convert.ToBase64String(buffer.ToArray());
    }
}
