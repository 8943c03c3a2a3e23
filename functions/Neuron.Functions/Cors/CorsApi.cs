using Microsoft.Azure.Functions.Worker;

namespace Neuron.Functions.Cors;

/// <summary><c>OPTIONS /api/{*path}</c>: CORS preflights for the whole API (<see cref="CorsPolicy.PreflightAsync"/>).</summary>
public sealed class CorsApi(CorsPolicy cors)
{
    [Function("CorsPreflight")]
    [ExcludeFromDescription]
    public Task<IResult> PreflightAsync([HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "api/{*path}")] HttpRequest request) =>
        cors.PreflightAsync(request.HttpContext);
}
