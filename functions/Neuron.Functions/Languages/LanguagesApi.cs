using Microsoft.AspNetCore.Http.HttpResults;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary><c>GET /api/languages</c>.</summary>
public static class LanguagesApi
{
    public static IEndpointRouteBuilder MapLanguagesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/languages", List)
            .WithTags("Languages")
            .WithName("ListLanguages")
            .WithSummary("The languages runs may use, with their versions, aliases and default/maximum limits.");
        return app;
    }

    public static Ok<IReadOnlyList<LanguageInfo>> List(LanguageCatalog catalog, HttpResponse response)
    {
        // Tells clients whether this is the runner's list or the built-in fallback.
        response.Headers["Neuron-Languages-Source"] = catalog.FromRunner ? "runner" : "fallback";
        return TypedResults.Ok(catalog.All);
    }
}
