using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Neuron.Functions.Http;
using Neuron.Functions.Languages;
using Neuron.Functions.Sessions;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// Where a submission is validated: language known (by id or alias), source present and within size, stdin and
/// expectedOutput within size, args bounded, a callbackUrl absolute and acceptable (<see cref="ICallbackTargetCheck"/>), limits inside the language's allowed range and the key's maximum
/// (which also caps the language's defaults). Sizes answer 413, the rest 400.
/// </summary>
public sealed class RunValidator(LanguageCatalog languages, ICallbackTargetCheck callbacks, IOptions<RunsOptions> options)
{
    public const int MaxCallbackUrlLength = 2048;

    /// <summary>A valid submission; <c>CallbackFormat</c> is how its callback's payload is rendered (the surface's own, <see cref="RunCallback.Format"/>).</summary>
    public sealed record Valid(SubmitRunRequest Request, LanguageInfo Language, RunLimits Limits, string CallbackFormat = RunCallback.NativeFormat);

    /// <summary>
    /// <see cref="Validate"/> once the languages are as good as a cold instance can know them within a bound
    /// (<see cref="LanguageCatalog.ReadyAsync"/>): a run submitted in an instance's first second gets the real version.
    /// </summary>
    public async ValueTask<(Valid? Run, ProblemHttpResult? Problem)> ValidateAsync(SubmitRunRequest request, RunLimits? caps, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        return Validate(request, caps);
    }

    /// <summary>Validates <paramref name="request"/>; <paramref name="caps"/> are the caller's key's maximum limits (null fields cap nothing).</summary>
    public (Valid? Run, ProblemHttpResult? Problem) Validate(SubmitRunRequest request, RunLimits? caps = null)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(request.Language))
            return Refuse(Problems.BadRequest("missing-language", "'language' is required.", KnownLanguages()));
        var language = languages.Find(request.Language);
        if (language is null)
            return Refuse(Problems.BadRequest("unknown-language", $"Unknown language '{Problems.Echo(request.Language)}'.", KnownLanguages()));
        if (string.IsNullOrWhiteSpace(request.Source))
            return Refuse(Problems.BadRequest("empty-source", "'source' must not be empty."));
        if (Encoding.UTF8.GetByteCount(request.Source) > o.MaxSourceBytes)
            return Refuse(Problems.TooLarge($"'source' exceeds {o.MaxSourceBytes} bytes."));
        if (request.Stdin is not null && Encoding.UTF8.GetByteCount(request.Stdin) > o.MaxStdinBytes)
            return Refuse(Problems.TooLarge($"'stdin' exceeds {o.MaxStdinBytes} bytes."));
        if (request.ExpectedOutput is not null && Encoding.UTF8.GetByteCount(request.ExpectedOutput) > o.MaxStdinBytes)
            return Refuse(Problems.TooLarge($"'expectedOutput' exceeds {o.MaxStdinBytes} bytes."));
        if (request.Args is { } args && (args.Count > o.MaxArgs || args.Any(a => a is null || a.Length > o.MaxArgLength)))
            return Refuse(Problems.BadRequest("invalid-args", $"'args' allows at most {o.MaxArgs} non-null strings of at most {o.MaxArgLength} characters."));
        if (request.SessionId is not null && !SessionGate.IsValidSessionId(request.SessionId))
            return Refuse(Problems.BadRequest("invalid-session", "'sessionId' must be 1-128 characters of letters, digits, '-', '_' or '.'."));
        if (request.CallbackUrl is not null && CallbackProblem(request.CallbackUrl) is { } callbackProblem)
            return Refuse(callbackProblem);

        var requested = request.Limits ?? new RunLimits();
        var languageMax = language.MaxLimits;
        var max = new LimitSet(Cap(languageMax.TimeMs, caps?.TimeMs), Cap(languageMax.MemoryMb, caps?.MemoryMb), Cap(languageMax.OutputKb, caps?.OutputKb));
        var errors = new Dictionary<string, string[]>();
        Check(errors, "limits.timeMs", requested.TimeMs, max.TimeMs, max.TimeMs < languageMax.TimeMs);
        Check(errors, "limits.memoryMb", requested.MemoryMb, max.MemoryMb, max.MemoryMb < languageMax.MemoryMb);
        Check(errors, "limits.outputKb", requested.OutputKb, max.OutputKb, max.OutputKb < languageMax.OutputKb);
        if (errors.Count > 0)
        {
            return Refuse(Problems.BadRequest("invalid-limits", $"Limits outside the range allowed for {language.Id} with this key.",
                new Dictionary<string, object?> { ["errors"] = errors, ["maxLimits"] = max }));
        }
        var defaults = language.DefaultLimits;
        var limits = new RunLimits(
            requested.TimeMs ?? Math.Min(defaults.TimeMs, max.TimeMs),
            requested.MemoryMb ?? Math.Min(defaults.MemoryMb, max.MemoryMb),
            requested.OutputKb ?? Math.Min(defaults.OutputKb, max.OutputKb));
        return (new Valid(request, language, limits), null);
    }

    private ProblemHttpResult? CallbackProblem(string url)
    {
        if (url.Length > MaxCallbackUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return Problems.BadRequest("invalid-callback-url", $"'callbackUrl' must be an absolute https URL of at most {MaxCallbackUrlLength} characters.");
        return callbacks.Refusal(uri) is { } refusal
            ? Problems.BadRequest("callback-url-refused", $"'callbackUrl' is refused: {refusal}")
            : null;
    }

    private static int Cap(int languageMax, int? keyMax) => keyMax is { } k ? Math.Min(languageMax, k) : languageMax;

    private static void Check(Dictionary<string, string[]> errors, string name, int? value, int max, bool keyMaximum)
    {
        if (value is { } v && (v < 1 || v > max))
            errors[name] = [keyMaximum ? $"Must be between 1 and {max} (this key's maximum)." : $"Must be between 1 and {max}."];
    }

    private Dictionary<string, object?> KnownLanguages() => new()
    {
        ["languages"] = languages.All.Select(l => l.Id).ToArray(),
    };

    private static (Valid?, ProblemHttpResult?) Refuse(ProblemHttpResult problem) => (null, problem);
}
