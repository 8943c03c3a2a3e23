using System.Linq.Expressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Neuron.Functions.Hosting;

namespace Neuron.Functions.OpenApi;

/// <summary>
/// The OpenAPI document of the HTTP functions, the same under the Functions host and locally: generated once by
/// ASP.NET Core's OpenAPI generator over a private, never-started app in which every HTTP function of the
/// <see cref="FunctionCatalog"/> is mapped at its route with its method's signature and attributes
/// (<c>[Tags]</c>, <c>[EndpointSummary]</c>, <c>[Consumes]</c>, <c>[ExcludeFromDescription]</c>, the typed results).
/// </summary>
public sealed class OpenApiDocumentSource(FunctionCatalog catalog)
{
    public const string DocumentName = "v1";

    private readonly Lazy<Task<byte[]>> _json = new(() => BuildAsync(catalog));

    public Task<byte[]> JsonAsync() => _json.Value;

    private static async Task<byte[]> BuildAsync(FunctionCatalog catalog)
    {
        // Slim: routing and an (unstarted) server, whose absent addresses the generator reads.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(OpenApiDocumentSource).Assembly.GetName().Name });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FunctionsJsonContext.Default));
        builder.Services.AddOpenApi(DocumentName, o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Neuron";
            document.Info.Description = "Run untrusted code: submit a run, poll its result.";
            return Task.CompletedTask;
        }));
        await using var app = builder.Build();
        foreach (var (function, trigger) in catalog.Http)
        {
            app.MapMethods("/" + trigger.Route, trigger.Methods.Select(m => m.ToUpperInvariant()).ToArray(), Signature(function))
                .WithName(function.Name);
        }
        // Registers the mapped endpoints with routing, where the generator looks for them (starting the app would).
        app.UseRouting();
        app.UseEndpoints(_ => { });
        var document = await app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(DocumentName).GetOpenApiDocumentAsync();
        using var stream = new MemoryStream();
        await document.SerializeAsJsonAsync(stream, OpenApiSpecVersion.OpenApi3_1);
        return stream.ToArray();
    }

    /// <summary>A delegate with the function's parameters and return type, only ever described, never called.</summary>
    private static Delegate Signature(FunctionDescriptor function)
    {
        var method = function.Method;
        var types = method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType).ToArray();
        return Delegate.CreateDelegate(Expression.GetDelegateType(types), method.IsStatic ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(function.Type), method);
    }
}
