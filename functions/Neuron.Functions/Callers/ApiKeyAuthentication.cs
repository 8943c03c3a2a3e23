namespace Neuron.Functions.Callers;

/// <summary>The API-key authentication scheme: functions that need a caller carry <c>[Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)]</c>.</summary>
public static class ApiKeyAuthentication
{
    public const string Scheme = "ApiKey";
}
