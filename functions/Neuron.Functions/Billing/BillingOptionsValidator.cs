using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Neuron.Functions.Billing;

/// <summary>Rejects price lists that could not price a run (their prices are nested: annotations alone do not reach them).</summary>
public sealed class BillingOptionsValidator : IValidateOptions<BillingOptions>
{
    public ValidateOptionsResult Validate(string? name, BillingOptions options)
    {
        var failures = new List<string>();
        foreach (var list in options.EffectivePrices)
        {
            if (list.EffectiveFrom is null || list.Interpreted is null || list.Compiled is null)
            {
                failures.Add("Billing:Prices: each list needs EffectiveFrom, Interpreted and Compiled.");
                continue;
            }
            foreach (var price in new[] { list.Interpreted, list.Compiled })
            {
                var errors = new List<ValidationResult>();
                if (!Validator.TryValidateObject(price, new ValidationContext(price), errors, validateAllProperties: true))
                    failures.AddRange(errors.Select(e => $"Billing:Prices ({list.EffectiveFrom:O}): {e.ErrorMessage}"));
                if (!price.IsValid)
                    failures.Add($"Billing:Prices ({list.EffectiveFrom:O}): PerRunCached must not exceed PerRun.");
            }
        }
        if (options.EffectivePrices.Select(l => l.EffectiveFrom).Distinct().Count() != options.EffectivePrices.Count)
            failures.Add("Billing:Prices: two lists share an EffectiveFrom.");
        if (options.HoldLifetime <= TimeSpan.Zero)
            failures.Add("Billing:HoldLifetime must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
