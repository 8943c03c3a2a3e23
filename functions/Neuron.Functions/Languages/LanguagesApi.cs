using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Cors;
using Neuron.Runner.Contracts;

namespace Neuron.Functions.Languages;

/// <summary><c>GET /api/languages</c>.</summary>
public sealed class LanguagesApi(LanguageCatalog catalog)
{
    public const string SourceHeader = "Neuron-Languages-Source";

    [Function("ListLanguages")]
    [AllowKeyOrigins]
    [Tags("Languages")]
    [EndpointSummary("The languages runs may use, with their versions, aliases and default/maximum limits; header Neuron-Languages-Source says where the list came from (runner, stored, none).")]
    public async Task<Ok<IReadOnlyList<LanguageInfo>>> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/languages")] HttpRequest request, CancellationToken cancellationToken)
    {
        await catalog.ReadyAsync(cancellationToken);
        // Tells clients whether these are a runner's versions (read by this instance or stored by another) or the built-in list.
        request.HttpContext.Response.Headers[SourceHeader] = catalog.Source;
        return TypedResults.Ok(catalog.All);
    }
}
