using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// How a final run is rendered for its receiver: registered in DI under its <see cref="Format"/> (a keyed service),
/// which a run's <see cref="RunCallback.Format"/> names. The native one is <see cref="NeuronWebhookPayload"/>.
/// </summary>
public interface IWebhookPayload
{
    string Format { get; }
    HttpMethod Method { get; }
    byte[] Serialize(RunRecord run);
}
