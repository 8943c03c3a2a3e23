using Neuron.Functions.Compat.Judge0;
using Neuron.Functions.Compat.Piston;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions.Compat;

public static class CompatExtensions
{
    /// <summary>The Piston v2 (<c>/api/v2</c>) and Judge0 CE (<c>/judge0</c>) adapters over the native runs pipeline.</summary>
    public static IHostApplicationBuilder AddCompatApis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PistonRuntimes>();
        builder.Services.AddSingleton<Judge0Languages>();
        builder.Services.AddSingleton<Judge0SubmissionWriter>();
        builder.Services.AddKeyedSingleton<IWebhookPayload, Judge0WebhookPayload>(Judge0WebhookPayload.Name);
        return builder;
    }
}
