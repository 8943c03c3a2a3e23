using System.Text.Json;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// The native payload: a POST of the run document, as <c>GET /api/runs/{id}</c> shows it but without its
/// <c>webhook</c> state, so that every attempt carries the same body (the attempt number is a header).
/// </summary>
public sealed class NeuronWebhookPayload : IWebhookPayload
{
    public string Format => RunCallback.NativeFormat;
    public HttpMethod Method => HttpMethod.Post;

    public byte[] Serialize(RunRecord run) =>
        JsonSerializer.SerializeToUtf8Bytes(RunDocument.From(run with { Callback = null }), FunctionsJsonContext.Default.RunDocument);
}
