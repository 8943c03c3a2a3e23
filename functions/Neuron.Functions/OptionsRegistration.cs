namespace Neuron.Functions;

/// <summary>The one way options are registered: bound to their section, validated by their annotations, checked at start.</summary>
public static class OptionsRegistration
{
    public static Microsoft.Extensions.Options.OptionsBuilder<T> AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section)
        where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
