using System.Text.Json;
using System.Text.Json.Serialization;

namespace Neuron.Runner.Tests.Languages;

/// <summary>
/// The six programs every language must pass against the real sandbox, one file per language id in
/// <c>Languages/Cases/&lt;id&gt;.json</c>: a language in languages.json without its file fails the matrix.
/// </summary>
public sealed record LanguageCases(
    string Hello,
    string Echo,
    CompileErrorCase CompileError,
    string RuntimeError,
    string InfiniteLoop,
    string MemoryHog)
{
    public const string HelloOutput = "Hello, World!";
    public const string EchoInput = "first line\nsecond line, with more words\n";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Languages", "Cases");

    public static LanguageCases? For(string language)
    {
        var path = Path.Combine(Folder, language + ".json");
        return File.Exists(path) ? JsonSerializer.Deserialize<LanguageCases>(File.ReadAllText(path), Json) : null;
    }

    public IEnumerable<(string Name, string Source)> Programs =>
        [("hello", Hello), ("echo", Echo), ("compileError", CompileError?.Source ?? ""), ("runtimeError", RuntimeError),
            ("infiniteLoop", InfiniteLoop), ("memoryHog", MemoryHog)];
}

/// <summary>A program that must not compile (or, interpreted, not parse), and a word of the message it must get.</summary>
public sealed record CompileErrorCase(string Source, string Message);
