namespace Neuron.Functions.Http;

public static class HttpExtensions
{
    /// <summary>JSON from the source-generated context, and failures as RFC 9457 problems.</summary>
    public static IHostApplicationBuilder AddHttpProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FunctionsJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StorageExceptionHandler>();
        return builder;
    }
}
