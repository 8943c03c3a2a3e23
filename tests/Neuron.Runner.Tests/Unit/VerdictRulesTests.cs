using System.Text;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;

namespace Neuron.Runner.Tests.Unit;

public sealed class VerdictRulesTests
{
    private static readonly Language Python = new()
    {
        Id = "python", Name = "Python", Aliases = [], Image = "img", FileName = "main.py", Run = ["python3", "main.py"],
        MemoryErrorMarkers = ["MemoryError"], PidsLimit = 64,
        DefaultLimits = new(1000, 128, 64), MinLimits = new(1, 1, 1), MaxLimits = new(9000, 512, 1024),
    };

    public static TheoryData<string, string, string?> Cases => new()
    {
        // facts ("tag=value;..."), verdict, dirty reason
        { "exited=1;exit=0;clean=1", Verdicts.Ok, null },
        { "exited=1;exit=2;clean=1", Verdicts.RuntimeError, null },
        { "exited=0;signal=11;clean=1", Verdicts.RuntimeError, "signal" },
        { "exited=0;signal=9;timeout=1;clean=1", Verdicts.TimeLimit, Verdicts.TimeLimit },
        { "exited=0;signal=24;cpu_exceeded=1;clean=1", Verdicts.TimeLimit, Verdicts.TimeLimit },
        { "exited=0;signal=9;oom=1;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=0;signal=9;timeout=1;memory_pressed=1;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=1;exit=0;memory_pressed=1;clean=1", Verdicts.Ok, null },
        { "exited=1;exit=1;stderr=MemoryError;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=1;exit=0;stderr=MemoryError;clean=1", Verdicts.Ok, null },
        { "exited=0;signal=9;output_exceeded=1;stdout_truncated=1;clean=1", Verdicts.OutputLimit, Verdicts.OutputLimit },
        { "exited=0;signal=9;output_exceeded=1;oom=1;clean=1", Verdicts.OutputLimit, Verdicts.OutputLimit },
        { "exited=1;exit=0;clean=0;dirty_processes=2", Verdicts.Ok, "leftover_process" },
        { "exited=1;exit=0;clean=0;dirty_files=1", Verdicts.Ok, "leftover_files" },
        { "exited=1;exit=0;clean=0;dirty_ipc=1", Verdicts.Ok, "leftover_ipc" },
        { "compile_exited=1;compile_exit=1;clean=1", Verdicts.CompileError, null },
        { "compile_exited=0;compile_signal=9;compile_timeout=1;clean=1", Verdicts.CompileError, "compile_limit" },
        { "compile_exited=1;compile_exit=0;exited=1;exit=0;clean=1", Verdicts.Ok, null },
        { "compile_spawn_failed=1;clean=1", Verdicts.InternalError, Verdicts.InternalError },
        { "exited=0;spawn_failed=1;clean=1", Verdicts.InternalError, Verdicts.InternalError },
        { "error=scratch not empty;clean=1", Verdicts.InternalError, Verdicts.InternalError },
        { "clean=1", Verdicts.InternalError, Verdicts.InternalError },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Facts_MapToVerdict_AndDirtiness(string facts, string verdict, string? dirty)
    {
        var report = Report(facts);

        Assert.Equal(verdict, VerdictRules.Verdict(report, Python));
        Assert.Equal(dirty, VerdictRules.DirtyReason(report, verdict));
    }

    [Fact]
    public void CompileOutput_SaysWhyTheCompilerWasStopped()
    {
        var report = Report("compile_exited=0;compile_timeout=1;compile_output=partial");

        Assert.Equal("partial\n[neuron] compilation exceeded its time limit of 5000 ms", VerdictRules.CompileOutput(report, 5000));
    }

    private static LauncherReport Report(string facts) =>
        new(facts.Split(';').Select(f => f.Split('=', 2)).Select(p => (p[0], Encoding.UTF8.GetBytes(p[1]))).ToList());
}
