using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Cors;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0 CE 1.13.1's catalogue under <c>/judge0</c>: languages (the catalog's, under their Judge0 ids; none is
/// archived), statuses, <c>/about</c> and <c>/config_info</c> (Neuron's limits in Judge0's terms), and
/// <c>POST /authenticate</c> to check a key (<c>X-Auth-Token</c>). Public, like <c>/api/languages</c>, but for the
/// key check; CORS preflights for <c>/judge0/…</c> too.
/// </summary>
public sealed class Judge0CatalogApi(Judge0Languages languages, CorsPolicy cors, IOptions<WebhooksOptions> webhooks)
{
    public const string Version = "1.13.1";

    [Function("Judge0Languages")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: the active languages [{id, name}].")]
    public async Task<ContentHttpResult> LanguagesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/languages")] HttpRequest request, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        return LanguageList(archivedFlag: false);
    }

    [Function("Judge0AllLanguages")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: active and archived languages [{id, name, is_archived}].")]
    public async Task<ContentHttpResult> AllLanguagesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/languages/all")] HttpRequest request, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        return LanguageList(archivedFlag: true);
    }

    /// <summary>The served languages as Judge0 lists them; <c>/languages/all</c> adds <c>is_archived</c> (never true here).</summary>
    private ContentHttpResult LanguageList(bool archivedFlag) => Judge0Responses.Json(w =>
    {
        w.WriteStartArray();
        foreach (var entry in languages.All())
        {
            w.WriteStartObject();
            w.WriteNumber("id", entry.Id);
            w.WriteString("name", entry.Name);
            if (archivedFlag)
                w.WriteBoolean("is_archived", false);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    [Function("Judge0Language")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: one language {id, name, is_archived, source_file, compile_cmd, run_cmd}.")]
    public async Task<ContentHttpResult> LanguageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/languages/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || languages.Find(number) is not { } entry)
            return Judge0Responses.Error(StatusCodes.Status404NotFound, "language not found");
        return Judge0Responses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("id", entry.Id);
            w.WriteString("name", entry.Name);
            w.WriteBoolean("is_archived", false);
            w.WriteString("source_file", entry.Language.FileName);
            // Neuron's commands are the runner's (runner/Neuron.Runner/Languages/languages.json); a compiled language
            // says so with a non-null compile_cmd, as Judge0 clients test it.
            if (entry.Language.Compiled)
                w.WriteString("compile_cmd", $"(Neuron compiles {entry.Language.FileName} for {entry.Language.Id})");
            else
                w.WriteNull("compile_cmd");
            w.WriteString("run_cmd", $"(Neuron runs {entry.Language.Id})");
            w.WriteEndObject();
        });
    }

    [Function("Judge0Statuses")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: the statuses [{id, description}], 1 In Queue to 14 Exec Format Error.")]
    public ContentHttpResult Statuses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/statuses")] HttpRequest request) =>
        Judge0Responses.Json(w =>
        {
            w.WriteStartArray();
            foreach (var status in Judge0Status.All)
            {
                w.WriteStartObject();
                w.WriteNumber("id", status.Id);
                w.WriteString("description", status.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });

    [Function("Judge0About")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: {version: \"1.13.1\", ...} — the Judge0 CE version this API answers as.")]
    public ContentHttpResult About([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/about")] HttpRequest request) =>
        Judge0Responses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", Version);
            w.WriteString("homepage", "https://judge0.com");
            w.WriteString("source_code", "https://github.com/judge0/judge0");
            w.WriteString("maintainer", "Neuron (a Judge0 CE-compatible API over Neuron's runs)");
            w.WriteEndObject();
        });

    [Function("Judge0ConfigInfo")]
    [AllowKeyOrigins]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: the configuration, Neuron's defaults and limits in Judge0's units (seconds, kilobytes).")]
    public async Task<ContentHttpResult> ConfigInfoAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/config_info")] HttpRequest request, CancellationToken cancellationToken)
    {
        await languages.ReadyAsync(cancellationToken);
        var all = languages.All().Select(e => e.Language).ToList();
        double Seconds(int ms) => ms / 1000.0;
        var defaultTime = all.Count == 0 ? 2.0 : Seconds(all.Min(l => l.DefaultLimits.TimeMs));
        var maxTime = all.Count == 0 ? 15.0 : Seconds(all.Max(l => l.MaxLimits.TimeMs));
        var defaultMemory = all.Count == 0 ? 131072 : all.Min(l => l.DefaultLimits.MemoryMb) * 1024;
        var maxMemory = all.Count == 0 ? 524288 : all.Max(l => l.MaxLimits.MemoryMb) * 1024;
        return Judge0Responses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("maintenance_mode", false);
            w.WriteBoolean("enable_wait_result", true);
            w.WriteBoolean("enable_compiler_options", true);
            w.WriteStartArray("allowed_languages_for_compile_options");
            foreach (var name in languages.All().Where(e => e.Language.Id is "c" or "c23" or "cpp" or "cpp20" or "cpp23").Select(e => e.Name))
                w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteBoolean("enable_command_line_arguments", true);
            w.WriteBoolean("enable_submission_delete", false);
            w.WriteBoolean("enable_callbacks", true);
            w.WriteNumber("callbacks_max_tries", webhooks.Value.MaxAttempts);
            w.WriteBoolean("enable_additional_files", true);
            w.WriteBoolean("enable_batched_submissions", true);
            w.WriteNumber("max_submission_batch_size", Judge0SubmissionsApi.MaxBatch);
            w.WriteNumber("cpu_time_limit", defaultTime);
            w.WriteNumber("max_cpu_time_limit", maxTime);
            w.WriteNumber("cpu_extra_time", 0);
            w.WriteNumber("max_cpu_extra_time", 0);
            w.WriteNumber("wall_time_limit", defaultTime);
            w.WriteNumber("max_wall_time_limit", maxTime);
            w.WriteNumber("memory_limit", defaultMemory);
            w.WriteNumber("max_memory_limit", maxMemory);
            w.WriteNumber("max_processes_and_or_threads", 64);
            w.WriteBoolean("enable_per_process_and_thread_time_limit", false);
            w.WriteBoolean("allow_enable_per_process_and_thread_time_limit", false);
            w.WriteBoolean("enable_per_process_and_thread_memory_limit", false);
            w.WriteBoolean("allow_enable_per_process_and_thread_memory_limit", false);
            w.WriteNumber("max_file_size", 32768);
            w.WriteNumber("max_max_file_size", 32768);
            w.WriteNumber("number_of_runs", 1);
            w.WriteNumber("max_number_of_runs", 1);
            w.WriteBoolean("redirect_stderr_to_stdout", false);
            w.WriteBoolean("allow_enable_network", false);
            w.WriteBoolean("enable_network", false);
            w.WriteEndObject();
        });
    }

    [Function("Judge0Authenticate")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: 200 when the key (X-Auth-Token) is valid, 401 otherwise.")]
    public ContentHttpResult Authenticate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "judge0/authenticate")] HttpRequest request) =>
        TypedResults.Text("", "text/plain", System.Text.Encoding.UTF8, StatusCodes.Status200OK);

    [Function("Judge0CorsPreflight")]
    [ExcludeFromDescription]
    public Task<IResult> PreflightAsync([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "judge0/{*path}")] HttpRequest request) =>
        cors.PreflightAsync(request.HttpContext);
}
