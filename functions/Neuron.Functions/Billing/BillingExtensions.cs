using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Neuron.Functions.Usage;

namespace Neuron.Functions.Billing;

public static class BillingExtensions
{
    /// <summary>Credits, prices, statements and the low-balance alert.</summary>
    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<BillingOptions>(BillingOptions.Section);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>());
        builder.Services.AddSingleton<PriceBook>();
        builder.Services.AddSingleton<RunPricing>();
        builder.Services.AddSingleton<CreditAccounts>();
        builder.Services.AddSingleton<CreditHolds>();
        builder.Services.AddSingleton<StatementReader>();
        builder.Services.AddSingleton<ILowBalanceAlert, LowBalanceLog>();
        return builder;
    }
}
