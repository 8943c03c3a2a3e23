using Microsoft.Extensions.Options;

namespace Neuron.Runner;

/// <summary>Runs <see cref="RunnerOptions"/>' cross-field checks at start-up, next to the data annotations.</summary>
public sealed class RunnerOptionsValidator : IValidateOptions<RunnerOptions>
{
    public ValidateOptionsResult Validate(string? name, RunnerOptions options)
    {
        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
