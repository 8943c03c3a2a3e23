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

    public static readonly IReadOnlyList<string> All =
        [Ok, CompileError, RuntimeError, TimeLimit, MemoryLimit, OutputLimit, InternalError];
}
