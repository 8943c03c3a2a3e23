namespace Neuron.Functions.Keys;

public static class KeysExtensions
{
    /// <summary>API keys and the admin API's options.</summary>
    public static IHostApplicationBuilder AddKeys(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<KeysOptions>(KeysOptions.Section)
            .Validate(o => o.AdminKeyIsValid, $"Keys:AdminKey must be at least {KeysOptions.MinAdminKeyLength} characters (or empty: no admin API).")
            .Validate(o => o.PublicOriginIsValid, "Keys:PublicOrigin must be an origin: scheme://host[:port] with http or https, no path.");
        builder.Services.AddSingleton<ApiKeyStore>();
        return builder;
    }
}
