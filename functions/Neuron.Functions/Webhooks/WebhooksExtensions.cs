using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

public static class WebhooksExtensions
{
    /// <summary>Signed deliveries of final runs to their <c>callbackUrl</c>, through the <c>webhooks</c> queue.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<WebhooksOptions>(WebhooksOptions.Section)
            .Validate(o => o.ScheduleIsValid, "Webhooks: FirstRetryDelay must be whole seconds and at most MaxRetryDelay; ConnectTimeout at most Timeout.");
        var services = builder.Services;
        services.AddSingleton<CallbackUrlCheck>();
        services.AddSingleton<ICallbackTargetCheck>(sp => sp.GetRequiredService<CallbackUrlCheck>());
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<IRunCallbackScheduler>(sp => sp.GetRequiredService<WebhookQueue>());
        services.AddSingleton<WebhookHttpClient>();
        services.AddSingleton<WebhookDeliverer>();
        services.AddKeyedSingleton<IWebhookPayload, NeuronWebhookPayload>(RunCallback.NativeFormat);
        return builder;
    }
}
