namespace Neuron.Functions.Web;

public static class WebExtensions
{
    /// <summary>The playground and embed.js, served from the assembly.</summary>
    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WebAssets>();
        return builder;
    }
}
