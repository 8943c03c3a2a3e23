using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Cors;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary><c>GET /api/languages</c>.</summary>
public sealed class LanguagesApi(LanguageCatalog catalog)
{
    [Function("ListLanguages")]
    [AllowKeyOrigins]
    [Tags("Languages")]
    [EndpointSummary("The languages runs may use, with their versions, aliases and default/maximum limits.")]
    public Ok<IReadOnlyList<LanguageInfo>> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/languages")] HttpRequest request)
    {
        // Tells clients whether this is the runner's list or the built-in fallback.
        request.HttpContext.Response.Headers["Neuron-Languages-Source"] = catalog.FromRunner ? "runner" : "fallback";
        return TypedResults.Ok(catalog.All);
    }
}
