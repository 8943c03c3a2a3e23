namespace Neuron.Functions.OpenApi;

public static class OpenApiExtensions
{
    public static IHostApplicationBuilder AddOpenApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OpenApiDocumentSource>();
        return builder;
    }
}
