using Neuron.Functions.Webhooks;

namespace Neuron.Functions.Compat.Judge0;

/// <summary>
/// Judge0's callback: a PUT of the submission with Judge0's default fields, Base64-encoded, as Judge0 sends it to a
/// <c>callback_url</c>; signed and retried like every Neuron webhook.
/// </summary>
public sealed class Judge0WebhookPayload(Judge0SubmissionWriter writer) : IWebhookPayload
{
    public const string Name = "judge0";

    public string Format => Name;
    public HttpMethod Method => HttpMethod.Put;

    public byte[] Serialize(Runs.RunRecord run) => writer.SerializeCallback(run);
}
