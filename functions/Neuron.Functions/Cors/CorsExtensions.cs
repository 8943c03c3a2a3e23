namespace Neuron.Functions.Cors;

public static class CorsExtensions
{
    /// <summary>CORS for the preflights and the public functions, from the publishable keys' origins.</summary>
    public static IHostApplicationBuilder AddKeyOriginCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CorsPolicy>();
        return builder;
    }
}
