using Neuron.Functions.Billing;
using Neuron.Functions.Callers;
using Neuron.Functions.Compat;
using Neuron.Functions.Cors;
using Neuron.Functions.Dispatch;
using Neuron.Functions.Health;
using Neuron.Functions.Hosting;
using Neuron.Functions.Http;
using Neuron.Functions.Idempotency;
using Neuron.Functions.Keys;
using Neuron.Functions.Languages;
using Neuron.Functions.Metrics;
using Neuron.Functions.OpenApi;
using Neuron.Functions.Quotas;
using Neuron.Functions.RateLimiting;
using Neuron.Functions.Runners;
using Neuron.Functions.Runs;
using Neuron.Functions.Sessions;
using Neuron.Functions.Storage;
using Neuron.Functions.Usage;
using Neuron.Functions.Web;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions;

/// <summary>The app's features, each registered by its own <c>AddXxx</c> beside it; the same under the Functions host and locally.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddNeuronFunctions(this IHostApplicationBuilder builder, FunctionCatalog catalog) => builder
        .AddFunctionHosting(catalog)
        .AddHttpProblems()
        .AddMetrics()
        .AddStorage()
        .AddKeys()
        .AddApiKeyAuthentication()
        .AddKeyOriginCors()
        .AddRateLimiting()
        .AddQuotas()
        .AddUsage()
        .AddBilling()
        .AddIdempotency()
        .AddSessions()
        .AddRuns()
        .AddCompatApis()
        .AddDispatch()
        .AddWebhooks()
        .AddRunners()
        .AddLanguages()
        .AddHealth()
        .AddWeb()
        .AddOpenApiDocument();
}
