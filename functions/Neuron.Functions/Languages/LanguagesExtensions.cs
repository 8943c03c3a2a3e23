namespace Neuron.Functions.Languages;

public static class LanguagesExtensions
{
    /// <summary>The runner's language list, refreshed in the background, with a built-in fallback.</summary>
    public static IHostApplicationBuilder AddLanguages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LanguageCatalog>();
        builder.Services.AddSingleton<LanguageRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LanguageRefresher>());
        return builder;
    }
}
