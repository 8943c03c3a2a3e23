using System.Diagnostics;
using Neuron.Runner.Contracts;
using Neuron.Runner.Languages;
using Neuron.Runner.Tests.Languages;
using Neuron.Runner.Tests.Support;
using Xunit.Abstractions;

namespace Neuron.Runner.Tests.Sandbox;

/// <summary>
/// Every language of languages.json, six programs each, in the real sandbox: hello world, stdin echo, a compile (or
/// syntax) error with its message, a runtime error, an infinite loop and a memory hog. The rows come from the
/// catalog, so a language without its cases fails here (and in <c>LanguageCasesTests</c>).
/// </summary>
[Collection(LanguageMatrixCollection.Name)]
public sealed class LanguageMatrixTests(LanguageMatrixFixture runner, ITestOutputHelper output)
{
    private static readonly LanguageCatalog Shipped = ShippedLanguages.Catalog;

    public static TheoryData<string> Languages => [.. Shipped.All.Select(l => l.Id)];

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task Language_PassesItsSixCases(string id)
    {
        Assert.True(Shipped.TryFind(id, out var language));
        var cases = LanguageCases.For(id);
        Assert.True(cases is not null, $"{id} has no cases file");
        var clock = Stopwatch.StartNew();

        // The verdicts are under test, not the defaults: a program that must finish gets the most time (a JVM starting on
        // a loaded 2-core machine takes seconds); a loop must end on the clock, not on memory; a hog on memory, at the
        // language's smallest memory limit, with time to reach it (a CPU-starved interpreter copying strings grows slowly).
        var finish = new RunLimits(TimeMs: language.MaxLimits.TimeMs);
        var loopLimits = new RunLimits(TimeMs: Math.Max(1000, language.MinLimits.TimeMs));
        var hogLimits = new RunLimits(TimeMs: language.MaxLimits.TimeMs, MemoryMb: language.MinLimits.MemoryMb);
        var results = await Task.WhenAll(
            Check("hello", new(id, cases.Hello, Limits: finish), r => Ok(r) ?? Output(r.Stdout, LanguageCases.HelloOutput)),
            Check("echo", new(id, cases.Echo, Stdin: LanguageCases.EchoInput, Limits: finish), r => Ok(r) ?? Output(r.Stdout, LanguageCases.EchoInput)),
            Check("compileError", new(id, cases.CompileError.Source, Limits: finish), r => CompileError(r, language, cases.CompileError.Message)),
            Check("runtimeError", new(id, cases.RuntimeError, Limits: finish), RuntimeError),
            Check("infiniteLoop", new(id, cases.InfiniteLoop, Limits: loopLimits), r => Verdict(r, Verdicts.TimeLimit)),
            Check("memoryHog", new(id, cases.MemoryHog, Limits: hogLimits), r => Verdict(r, Verdicts.MemoryLimit)));

        output.WriteLine($"{id}: six cases in {clock.ElapsedMilliseconds} ms ({string.Join(", ", results.Select(r => r.Summary))})");
        var failures = results.Where(r => r.Failure is not null).Select(r => r.Failure).ToList();
        Assert.True(failures.Count == 0, $"{id}:\n" + string.Join("\n\n", failures));
    }

    private async Task<(string Summary, string? Failure)> Check(string name, ExecuteRequest request, Func<ExecuteResult, string?> judge)
    {
        var result = await runner.RunAsync(request);
        var failure = judge(result);
        var summary = $"{name} {result.Verdict} {result.WallMs} ms";
        return (summary, failure is null ? null
            : $"[{name}] {failure}\n  verdict {result.Verdict}, exit {result.ExitCode}, signal {result.Signal}, {result.WallMs} ms, {result.MemoryKb} KiB" +
              $"\n  stdout: {Cut(result.Stdout)}\n  stderr: {Cut(result.Stderr)}\n  compileOutput: {Cut(result.CompileOutput)}");
    }

    private static string? Verdict(ExecuteResult r, string expected) => r.Verdict == expected ? null : $"expected {expected}";

    private static string? Ok(ExecuteResult r) => r.Verdict == Verdicts.Ok && r.ExitCode == 0 ? null : "expected ok with exit 0";

    private static string? Output(string actual, string expected) =>
        Normalized(actual) == Normalized(expected) ? null : $"expected stdout {Cut(expected)}";

    private static string? CompileError(ExecuteResult r, Language language, string message)
    {
        var expected = language.Compiled ? Verdicts.CompileError : Verdicts.RuntimeError;
        if (r.Verdict != expected)
            return $"expected {expected}";
        var said = r.CompileOutput + r.Stderr + r.Stdout;
        return said.Contains(message, StringComparison.OrdinalIgnoreCase) ? null : $"expected the message to say '{message}'";
    }

    private static string? RuntimeError(ExecuteResult r) =>
        r.Verdict == Verdicts.RuntimeError && (r.ExitCode is not (null or 0) || r.Signal is not null) ? null : "expected runtime_error with a non-zero exit or a signal";

    /// <summary>As expectedOutput compares: trailing whitespace of each line and trailing blank lines do not count.</summary>
    private static string Normalized(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');

    private static string Cut(string? text) => text is null ? "null" : text.Length <= 600 ? $"'{text}'" : $"'{text[..600]}…' ({text.Length} chars)";
}
