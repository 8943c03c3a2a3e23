namespace Neuron.Functions.Languages;

public static class LanguagesExtensions
{
    /// <summary>
    /// The languages: the list stored by the last instance that reached a runner (table <c>languages</c>), then the
    /// runner's own, refreshed in the background; the built-in list, said to be one, while no runner ever published.
    /// </summary>
    public static IHostApplicationBuilder AddLanguages(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<LanguagesOptions>(LanguagesOptions.Section);
        builder.Services.AddSingleton<LanguageCatalog>();
        builder.Services.AddSingleton<LanguageTable>();
        builder.Services.AddSingleton<LanguageRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LanguageRefresher>());
        return builder;
    }
}
