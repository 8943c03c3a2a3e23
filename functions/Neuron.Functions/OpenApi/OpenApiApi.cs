using Microsoft.Azure.Functions.Worker;
using Neuron.Functions.Cors;

namespace Neuron.Functions.OpenApi;

/// <summary><c>GET /api/openapi.json</c>: the API's OpenAPI 3.1 document.</summary>
public sealed class OpenApiApi(OpenApiDocumentSource source)
{
    [Function("OpenApi")]
    [AllowKeyOrigins]
    [ExcludeFromDescription]
    public async Task<IResult> GetAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        Results.Bytes(await source.JsonAsync(), "application/json;charset=utf-8");
}
