using Azure.Data.Tables;
using Neuron.Functions.Runs;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.UnitTests.Runs;

public sealed class RunEntityMapperTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every field different from its default, so that a field the mapper forgets cannot come back equal.</summary>
    internal static RunRecord Finished() => new()
    {
        Id = "0193a5b2c4d87e6f9a0b1c2d3e4f5a6b",
        Status = RunStatus.Completed,
        Verdict = Verdicts.RuntimeError,
        Language = "python",
        Version = "Python 3.11.2",
        Limits = new RunLimits(2_000, 128, 64),
        Source = "import sys",
        Stdin = "in\n",
        Args = ["-v", "x"],
        ExpectedOutput = "out\n",
        SessionId = "session-1",
        Caller = "key:key_1",
        KeyId = "key_1",
        Callback = new RunCallback
        {
            Url = "https://hooks.example/neuron?token=1",
            State = RunCallback.Pending,
            Attempts = 2,
            LastAttemptAt = At.AddSeconds(5),
            LastStatus = 503,
            LastError = "the receiver answered 503",
            NextAttemptAt = At.AddSeconds(65),
            DeliveredAt = At.AddSeconds(66),
            Format = "judge0",
            LeaseUntil = At.AddSeconds(45),
        },
        Result = new RunResult
        {
            Stdout = "out\n",
            Stderr = "Traceback",
            CompileOutput = "compiled",
            StdoutTruncated = true,
            StderrTruncated = true,
            ExitCode = 1,
            Signal = 9,
            TimeMs = 21,
            CpuMs = 14,
            MemoryKb = 5_000_000_000,
            CompileCached = true,
            Runtime = "runsc",
            Tests = [new TestCaseResult { Name = "one", Verdict = Verdicts.WrongAnswer, Stdout = "2\n", StdoutTruncated = true, ExitCode = 0, TimeMs = 3, CpuMs = 2, MemoryKb = 7 }],
            OutputFiles = [new RunOutputFile { Name = "plot.png", Size = 120, MediaType = OutputFileLimits.Png }],
            OmittedOutputFiles = [new OmittedOutputFile("passwd", "symlink")],
            OmittedOutputFileCount = 1,
        },
        Files = [new SourceFile("main.py", "import helper"), new SourceFile("helper.py", "")],
        Tests = [new TestCaseInput("1\n", "2", "one"), new TestCaseInput(null, null)],
        StopOnFirstFailure = true,
        Error = "an error",
        CreatedAt = At,
        QueuedAt = At.AddSeconds(1),
        StartedAt = At.AddSeconds(2),
        FinishedAt = At.AddSeconds(3),
        LeaseUntil = At.AddSeconds(4),
        Attempts = 2,
        Requeues = 1,
    };

    [Fact]
    public void TheSample_SetsEveryResultField()
    {
        var result = Finished().Result;

        var unset = typeof(RunResult).GetProperties().Where(p => p.GetIndexParameters().Length == 0 && !p.GetMethod!.IsStatic)
            .Where(p => Equals(p.GetValue(result), p.GetValue(RunResult.None))).Select(p => p.Name);

        Assert.Empty(unset);
    }

    [Fact]
    public void RunWithItsInputs_RoundTripsThroughItsRow()
    {
        var run = Finished();

        var back = RunEntityMapper.FromEntity(RunEntityMapper.ToEntity(run, writeInputs: true), includeInputs: true);

        Assert.Equal(run.Args, back.Args);
        Assert.Equal(run.Files, back.Files);
        Assert.Equal(run.Tests, back.Tests);
        Assert.Equal(run.Result.Tests, back.Result.Tests);
        Assert.Equal(run.Result.OutputFiles, back.Result.OutputFiles);
        Assert.Equal(run.Result.OmittedOutputFiles, back.Result.OmittedOutputFiles);
        Assert.Equal(run with { Args = null, Files = null, Tests = null, Result = run.Result with { Tests = null, OutputFiles = null, OmittedOutputFiles = null } },
            back with { Args = null, Files = null, Tests = null, Result = back.Result with { Tests = null, OutputFiles = null, OmittedOutputFiles = null } });
    }

    [Fact]
    public void RowReadWithoutInputs_KeepsTheResult_AndLeavesOutTheInputs()
    {
        var run = Finished();

        var back = RunEntityMapper.FromEntity(RunEntityMapper.ToEntity(run, writeInputs: true), includeInputs: false);

        Assert.Equal(run.Result with { Tests = null, OutputFiles = null, OmittedOutputFiles = null }, back.Result with { Tests = null, OutputFiles = null, OmittedOutputFiles = null });
        Assert.Equal(run.Result.Tests, back.Result.Tests);
        Assert.Equal(("", null, null, ""), (back.Source, back.Stdin, back.Args, back.ExpectedOutput));
        Assert.Equal((null, null, false), (back.Files, back.Tests, back.StopOnFirstFailure));
    }

    [Fact]
    public void AsRead_IsTheRunAsAReadOfItsRowWithoutInputsReturnsIt_WithItsETag()
    {
        var run = Finished() with
        {
            ETag = new Azure.ETag("W/\"1\""),
            Result = Finished().Result with { OutputFiles = [new RunOutputFile { Name = "plot.png", Size = 3, MediaType = OutputFileLimits.Png, Content = [1, 2, 3] }] },
        };

        var handed = RunEntityMapper.AsRead(run);
        var read = RunEntityMapper.FromEntity(RunEntityMapper.ToEntity(run, writeInputs: true), includeInputs: false);

        Assert.Equal(run.ETag, handed.ETag);
        Assert.Equal(("", null, null, null, null), (handed.Source, handed.Stdin, handed.Args, handed.Files, handed.Tests));
        Assert.Null(Assert.Single(handed.Result.OutputFiles!).Content);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(RunDocument.From(read), FunctionsJsonContext.Default.RunDocument),
            System.Text.Json.JsonSerializer.Serialize(RunDocument.From(handed), FunctionsJsonContext.Default.RunDocument));
    }

    [Fact]
    public void Replace_LeavesTheInputsOutOfTheRow()
    {
        var entity = RunEntityMapper.ToEntity(Finished(), writeInputs: false);

        Assert.DoesNotContain(entity.Keys, k => k is "Source" or "Stdin" or "ExpectedOutput" or "Args" or "HasExpectedOutput" or "Files" or "TestInputs" or "StopOnFirstFailure");
    }

    [Fact]
    public void CallbackEntity_HoldsTheCallbackAlone_AndReadsBackWithIt()
    {
        var run = Finished();

        var entity = RunEntityMapper.ToCallbackEntity(run);

        Assert.Equal([RunEntityMapper.CallbackColumn], entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")));
        Assert.Equal(run.Callback, RunEntityMapper.FromEntity(RunEntityMapper.ToEntity(run, writeInputs: false), includeInputs: false).Callback);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoExpectation_AndExpectingNoOutput_StayApart(string? expected)
    {
        var run = Finished() with { ExpectedOutput = expected };

        Assert.Equal(expected, RunEntityMapper.FromEntity(RunEntityMapper.ToEntity(run, writeInputs: true), includeInputs: true).ExpectedOutput);
    }

    [Fact]
    public void QueuedRun_HasNoResult_AndItsEmptyTextsAreNotWritten()
    {
        var queued = Finished() with { Status = RunStatus.Queued, Result = RunResult.None };

        var entity = RunEntityMapper.ToEntity(queued, writeInputs: true);

        Assert.DoesNotContain(entity.Keys, k => k is "Stdout" or "Stderr" or "CompileOutput");
        Assert.Equal(RunResult.None, RunEntityMapper.FromEntity(entity, includeInputs: true).Result);
    }

    [Fact]
    public void RowStoredBeforeTheResultWasOneRecord_ReadsBack()
    {
        // The columns as RunStore wrote them field by field; they must keep their names.
        var row = new TableEntity("0193a5b2c4d87e6f9a0b1c2d3e4f5a6b", "run")
        {
            ["Status"] = "completed",
            ["Verdict"] = "ok",
            ["Language"] = "python",
            ["Version"] = "3",
            ["LimitTimeMs"] = 1_000,
            ["LimitMemoryMb"] = 128,
            ["LimitOutputKb"] = 64,
            ["Stdout"] = "42\n",
            ["Stderr"] = "warn",
            ["CompileOutput"] = "cc",
            ["StdoutTruncated"] = true,
            ["StderrTruncated"] = false,
            ["ExitCode"] = 0,
            ["Signal"] = 15,
            ["TimeMs"] = 12,
            ["CpuMs"] = 8,
            ["MemoryKb"] = 9_120L,
            ["CreatedAt"] = At,
            ["QueuedAt"] = At,
            ["Attempts"] = 1,
        };

        var run = RunEntityMapper.FromEntity(row, includeInputs: false);

        Assert.Equal(new RunResult
        {
            Stdout = "42\n",
            Stderr = "warn",
            CompileOutput = "cc",
            StdoutTruncated = true,
            StderrTruncated = false,
            ExitCode = 0,
            Signal = 15,
            TimeMs = 12,
            CpuMs = 8,
            MemoryKb = 9_120,
        }, run.Result);
        Assert.Equal(("completed", "ok", new RunLimits(1_000, 128, 64), 1), (run.Status, run.Verdict, run.Limits, run.Attempts));
    }
}
