using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using Neuron.Functions.Callers;
using Neuron.Functions.Http;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Runs;

/// <summary>
/// <c>GET /api/runs/{id}/files/{name}</c>: a file the run's program wrote to its output folder, with the run's key.
/// The answer never lets a browser reinterpret it: its <c>Content-Type</c> is the type the runner sniffed from the
/// content (an HTML page named <c>.png</c> is <c>text/plain</c>), with <c>X-Content-Type-Options: nosniff</c>;
/// anything but an image is <c>Content-Disposition: attachment</c>; and a sandboxing CSP stops an SVG's scripts even
/// when it is opened on its own rather than through an <c>&lt;img&gt;</c>.
/// </summary>
public sealed class RunFilesApi(RunStore store)
{
    /// <summary>No script, no subresource, a unique origin: the most a file can do is be displayed.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

    [Function("GetRunFile")]
    [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]
    [Tags("Runs")]
    [EndpointSummary("Download a file the run's program wrote to its output folder (out/): listed in the run's outputFiles.")]
    public async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/runs/{id}/files/{name}")] HttpRequest request, string id, string name,
        CancellationToken cancellationToken)
    {
        if (!RunIds.IsValid(id))
            return Problems.BadRequest("invalid-run-id", "A run id is 32 lowercase hexadecimal digits.");
        var run = await store.GetAsync(id, includeInputs: false, cancellationToken);
        // A run is its key's: another key cannot tell it exists.
        if (run is null || run.KeyId != request.HttpContext.Caller().Id)
            return Problems.NotFound($"No run '{id}'.");
        var file = run.Result.OutputFiles?.FirstOrDefault(f => f.Name == name);
        var content = file is null ? null : await store.GetOutputFileAsync(run, file.Name, cancellationToken);
        if (file is null || content is null)
            return Problems.NotFound($"Run '{id}' has no output file '{Problems.Echo(name)}'.");
        var headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = "private, max-age=86400, immutable"; // a final run's files never change
        headers.ContentDisposition = new ContentDispositionHeaderValue(OutputFileLimits.IsImage(file.MediaType) ? "inline" : "attachment")
        {
            FileName = file.Name, // a plain name: letters, digits, '.', '_', '-'
        }.ToString();
        return TypedResults.File(content.ToArray(), ContentType(file.MediaType));
    }

    /// <summary>Text is always UTF-8 (the runner calls nothing else text).</summary>
    public static string ContentType(string mediaType) =>
        mediaType is OutputFileLimits.Text or OutputFileLimits.Csv ? mediaType + "; charset=utf-8" : mediaType;
}
