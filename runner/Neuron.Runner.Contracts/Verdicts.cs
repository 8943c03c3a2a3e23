namespace Neuron.Runner.Contracts;

public static class Verdicts
{
    public const string Ok = "ok";
    public const string CompileError = "compile_error";
    public const string RuntimeError = "runtime_error";
    public const string TimeLimit = "time_limit";
    public const string MemoryLimit = "memory_limit";
    public const string OutputLimit = "output_limit";
    public const string InternalError = "internal_error";
    /// <summary>The program ran fine but its output differs from the expected output (a run's, or a test case's).</summary>
    public const string WrongAnswer = "wrong_answer";
    /// <summary>A test case that did not run: the program did not compile, or an earlier case failed under stopOnFirstFailure.</summary>
    public const string Skipped = "skipped";

    /// <summary>The verdicts of the runner's sandbox (a run's <see cref="WrongAnswer"/> and a case's <see cref="Skipped"/> aside).</summary>
    public static readonly IReadOnlyList<string> All =
        [Ok, CompileError, RuntimeError, TimeLimit, MemoryLimit, OutputLimit, InternalError];
}
