using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0 CE 1.13.1's submissions under <c>/judge0</c>: create (<c>?base64_encoded</c>, <c>?wait</c>, <c>?fields</c>),
/// read (<c>?fields</c>, <c>?base64_encoded</c>), and batches of at most <see cref="MaxBatch"/> — each submission goes
/// through <see cref="RunIntake"/> on its own (the key's rate limit, quota and validation), and a batch answers item by
/// item, <c>{token}</c> or that item's errors, as Judge0 does. A <c>?wait=true</c> waits as the native <c>?wait</c>, at
/// most <see cref="RunsOptions.MaxWaitSeconds"/>; a run not final by then is answered as it stands (In Queue or
/// Processing) and its token reads it later. Tokens are run ids (<see cref="Judge0Tokens"/>); a token of another key's
/// run is not found.
/// </summary>
public sealed class Judge0SubmissionsApi(
    RunIntake intake, RunWaiter waiter, RunStore store, Judge0Languages languages, Judge0SubmissionWriter writer, IOptions<RunsOptions> options)
{
    public const int MaxBatch = 20;

    private sealed record Submitted(RunRecord? Run, int Status, byte[]? Refusal);

    [Function("Judge0CreateSubmission")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: create a submission (201 {token}; ?wait=true answers with the finished submission; ?base64_encoded, ?fields).")]
    public async Task<ContentHttpResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "judge0/submissions")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Judge0Fields.Parse(request.Query["fields"]);
        if (fieldsError is not null)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, fieldsError);
        if (Precheck(request) is { } refused)
            return refused;
        var base64 = Flag(request, "base64_encoded");
        var submitted = await SubmitAsync(request.HttpContext, async ct =>
        {
            var bytes = await JsonBody.ReadBytesAsync(request, options.Value.MaxBodyBytes, ct);
            return bytes is null ? null : (bytes, Parse(bytes));
        }, base64, cancellationToken);
        if (submitted.Run is not { } run)
            return Judge0Responses.Json(submitted.Refusal!, submitted.Status);
        if (!Flag(request, "wait"))
            return Judge0Responses.Json(w => Token(w, run), StatusCodes.Status201Created);
        run = await waiter.WaitForFinalAsync(run, TimeSpan.FromSeconds(options.Value.MaxWaitSeconds), cancellationToken) ?? run;
        if (fields!.NeedsInputs)
            run = await store.GetAsync(run.Id, includeInputs: true, cancellationToken) ?? run;
        return Judge0Responses.Json(writer.Serialize(run, fields, base64), StatusCodes.Status201Created);
    }

    [Function("Judge0GetSubmission")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: read a submission by its token (?fields, * for all; ?base64_encoded).")]
    public async Task<ContentHttpResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/submissions/{token}")] HttpRequest request, string token,
        CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Judge0Fields.Parse(request.Query["fields"]);
        if (fieldsError is not null)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, fieldsError);
        var run = await FindAsync(request.HttpContext, token, fields!, cancellationToken);
        return run is null
            ? Judge0Responses.Error(StatusCodes.Status404NotFound, "submission not found")
            : Judge0Responses.Json(writer.Serialize(run, fields!, Flag(request, "base64_encoded")));
    }

    [Function("Judge0CreateSubmissionBatch")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: create up to 20 submissions ({submissions: [...]}); answers [{token} or that item's errors], 201 when any was created.")]
    public async Task<ContentHttpResult> CreateBatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "judge0/submissions/batch")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (Precheck(request) is { } refused)
            return refused;
        var bytes = await JsonBody.ReadBytesAsync(request, options.Value.MaxBodyBytes, cancellationToken);
        if (bytes is null)
            return Judge0Responses.Error(StatusCodes.Status413PayloadTooLarge, $"the body exceeds {options.Value.MaxBodyBytes} bytes");
        if (Parse(bytes) is not { } root || root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("submissions", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, "there should be at least one submission in a batch");
        if (items.GetArrayLength() > MaxBatch)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, $"number of submissions in a batch should be less than or equal to {MaxBatch}");
        var base64 = Flag(request, "base64_encoded");
        var answers = new List<byte[]>();
        var created = false;
        // One after another: each takes its own rate-limit token and quota run, as separate submissions would.
        foreach (var item in items.EnumerateArray())
        {
            var itemBytes = System.Text.Encoding.UTF8.GetBytes(item.GetRawText());
            var submitted = await SubmitAsync(request.HttpContext, _ => Task.FromResult<(byte[], JsonElement?)?>((itemBytes, item)), base64, cancellationToken);
            created |= submitted.Run is not null;
            answers.Add(submitted.Run is { } run ? Judge0Responses.Bytes(w => Token(w, run)) : submitted.Refusal!);
        }
        return Judge0Responses.Json(w =>
        {
            w.WriteStartArray();
            foreach (var answer in answers)
                w.WriteRawValue(answer);
            w.WriteEndArray();
        }, created ? StatusCodes.Status201Created : StatusCodes.Status422UnprocessableEntity);
    }

    [Function("Judge0GetSubmissionBatch")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Judge0 CE")]
    [EndpointSummary("Judge0: read up to 20 submissions (?tokens=a,b,c; ?fields, ?base64_encoded); unknown tokens are null.")]
    public async Task<ContentHttpResult> GetBatchAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "judge0/submissions/batch")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Judge0Fields.Parse(request.Query["fields"]);
        if (fieldsError is not null)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, fieldsError);
        var list = request.Headers["tokens"].ToString() is { Length: > 0 } header ? header : request.Query["tokens"].ToString();
        var tokens = list.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length > MaxBatch)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, $"number of submissions in a batch should be less than or equal to {MaxBatch}");
        if (tokens.Length == 0)
            return Judge0Responses.Error(StatusCodes.Status400BadRequest, "there should be at least one submission in a batch");
        var runs = await Task.WhenAll(tokens.Select(t => FindAsync(request.HttpContext, t, fields!, cancellationToken)));
        var base64 = Flag(request, "base64_encoded");
        return Judge0Responses.Json(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("submissions");
            foreach (var run in runs)
            {
                if (run is null)
                    w.WriteNullValue();
                else
                    writer.Write(w, run, fields!, base64);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>One submission through the intake: its run, or its refusal in Judge0's shape with the pipeline's status.</summary>
    private async Task<Submitted> SubmitAsync(HttpContext context, Func<CancellationToken, Task<(byte[] Bytes, JsonElement? Item)?>> read, bool base64,
        CancellationToken cancellationToken)
    {
        Dictionary<string, string[]>? errors = null;
        var result = await intake.SubmitAsync(context, idempotencyKey: null, async ct =>
        {
            if (await read(ct) is not { } body)
                return new RunIntake.Body(null, [], Problems.TooLarge($"the body exceeds {options.Value.MaxBodyBytes} bytes"));
            if (body.Item is not { } item)
                return new RunIntake.Body(null, body.Bytes, Problems.BadRequest("malformed-json", "the body is not valid JSON"));
            await languages.ReadyAsync(ct);
            var parsed = Judge0SubmissionReader.Read(item, base64, languages.All(), options.Value.MaxSourceBytes);
            errors = parsed.Errors;
            return new RunIntake.Body(parsed.Request, body.Bytes, errors is null ? null
                : Problems.Create(StatusCodes.Status422UnprocessableEntity, "judge0-invalid", "The submission is invalid.", "The submission is invalid."));
        }, cancellationToken, callbackFormat: Judge0WebhookPayload.Name);
        if (result.Problem is { } problem)
        {
            return errors is not null
                ? new(null, StatusCodes.Status422UnprocessableEntity, Judge0Responses.FieldErrorsBytes(errors))
                : new(null, problem.StatusCode, Judge0Responses.ErrorBytes(problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "refused"));
        }
        return new(result.Accepted!.Run, StatusCodes.Status201Created, null);
    }

    private async Task<RunRecord?> FindAsync(HttpContext context, string token, Judge0Fields fields, CancellationToken cancellationToken)
    {
        if (Judge0Tokens.RunIdOf(token) is not { } id)
            return null;
        var run = await store.GetAsync(id, includeInputs: fields.NeedsInputs, cancellationToken);
        // A run is its key's: another key cannot tell it exists.
        return run is not null && run.KeyId == context.Caller().Id ? run : null;
    }

    private ContentHttpResult? Precheck(HttpRequest request)
    {
        if (!CompatBody.IsJsonOrUnlabelled(request))
            return Judge0Responses.Error(StatusCodes.Status415UnsupportedMediaType, "send the body as application/json");
        return request.ContentLength > options.Value.MaxBodyBytes
            ? Judge0Responses.Error(StatusCodes.Status413PayloadTooLarge, $"the body exceeds {options.Value.MaxBodyBytes} bytes")
            : null;
    }

    private static JsonElement? Parse(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Token(Utf8JsonWriter writer, RunRecord run)
    {
        writer.WriteStartObject();
        writer.WriteString("token", Judge0Tokens.Of(run.Id));
        writer.WriteEndObject();
    }

    private static bool Flag(HttpRequest request, string name) => request.Query[name].ToString() == "true";
}
