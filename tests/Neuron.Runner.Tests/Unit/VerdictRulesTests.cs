using System.Text;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Sandbox;
using Neuron.Runner.Tests.Support;

namespace Neuron.Runner.Tests.Unit;

public sealed class VerdictRulesTests
{
    private static readonly Language Python = new()
    {
        Id = "python",
        Name = "Python",
        Aliases = [],
        Image = "img",
        FileName = "main.py",
        Run = ["python3", "main.py"],
        OutOfMemoryStderr = "MemoryError(: [^\\n]*)?",
        PidsLimit = 64,
        DefaultLimits = new(1000, 128, 64),
        MinLimits = new(1, 1, 1),
        MaxLimits = new(9000, 512, 1024),
    };

    public static TheoryData<string, string, string?> Cases => new()
    {
        // facts ("tag=value;..."), verdict, dirty reason
        { "exited=1;exit=0;clean=1", Verdicts.Ok, null },
        { "exited=1;exit=2;clean=1", Verdicts.RuntimeError, null },
        { "exited=0;signal=11;clean=1", Verdicts.RuntimeError, null },
        { "exited=0;signal=24;cpu_ms=0;clean=1", Verdicts.RuntimeError, null },
        { "exited=0;signal=9;timeout=1;clean=1", Verdicts.TimeLimit, Verdicts.TimeLimit },
        { "exited=0;signal=24;cpu_exceeded=1;clean=1", Verdicts.TimeLimit, Verdicts.TimeLimit },
        { "exited=0;signal=9;oom=1;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=0;signal=9;timeout=1;memory_pressed=1;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=1;exit=0;memory_pressed=1;clean=1", Verdicts.Ok, null },
        { "exited=1;exit=1;stderr=Traceback (most recent call last):\n  File \"main.py\", line 1\nMemoryError\n;clean=1", Verdicts.MemoryLimit, null },
        { "exited=1;exit=1;stderr=MemoryError: cannot allocate;clean=1", Verdicts.MemoryLimit, null },
        { "exited=1;exit=1;stderr=MemoryError;memory_pressed=1;clean=1", Verdicts.MemoryLimit, Verdicts.MemoryLimit },
        { "exited=1;exit=1;stderr=MemoryError;stderr_truncated=1;clean=1", Verdicts.RuntimeError, null },
        { "exited=1;exit=1;stderr=Exception: MemoryError;clean=1", Verdicts.RuntimeError, null },
        { "exited=1;exit=1;stderr=MemoryError\nbut then something else;clean=1", Verdicts.RuntimeError, null },
        { "exited=1;exit=1;stderr=NotAMemoryError;clean=1", Verdicts.RuntimeError, null },
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

    public static TheoryData<string, string, string> RuntimeReports => new()
    {
        // language, stderr, verdict of a run that failed with it
        { "python", "Traceback (most recent call last):\n  File \"/work/main.py\", line 1, in <module>\n    x = 'a' * (2 * 1024 ** 3)\nMemoryError\n", Verdicts.MemoryLimit },
        { "python", "Traceback (most recent call last):\n  File \"/work/main.py\", line 1, in <module>\nException: MemoryError\n", Verdicts.RuntimeError },
        { "python", "MemoryError\nTraceback (most recent call last):\nValueError: MemoryError\n", Verdicts.RuntimeError },
        { "javascript", "<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n 1: 0x7f7582679f38 node::Abort() [/lib/x86_64-linux-gnu/libnode.so.108]\n10: 0x7f7582c12ee5 v8::internal::Factory\n", Verdicts.MemoryLimit },
        { "javascript", "/work/main.js:1\nthrow new Error('JavaScript heap out of memory')\n^\n\nError: JavaScript heap out of memory\n    at Object.<anonymous> (/work/main.js:1:7)\n", Verdicts.RuntimeError },
        { "java", "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n\tat Main.main(Main.java:1)\n", Verdicts.MemoryLimit },
        { "java", "Exception in thread \"main\" java.lang.RuntimeException: java.lang.OutOfMemoryError\n\tat Main.main(Main.java:1)\n", Verdicts.RuntimeError },
        { "java", "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n\tat Main.main(Main.java:1)\nbut the program went on\n", Verdicts.RuntimeError },
        { "cpp", "terminate called after throwing an instance of 'std::bad_alloc'\n  what():  std::bad_alloc\n", Verdicts.MemoryLimit },
        { "cpp", "caught std::bad_alloc\n", Verdicts.RuntimeError },
        { "c", "MemoryError\n", Verdicts.RuntimeError },
    };

    [Theory]
    [MemberData(nameof(RuntimeReports))]
    public void OnlyTheRuntimesOwnReport_AtTheEndOfStderr_IsMemoryLimit(string language, string stderr, string verdict)
    {
        var report = new LauncherReport([("exited", "1"u8.ToArray()), ("exit", "1"u8.ToArray()), ("clean", "1"u8.ToArray()), ("stderr", Encoding.UTF8.GetBytes(stderr))]);

        Assert.Equal(verdict, VerdictRules.Verdict(report, ShippedLanguages.Get(language)));
        Assert.Null(VerdictRules.DirtyReason(report, verdict));
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
