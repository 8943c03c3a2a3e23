namespace Neuron.Functions.Callers;

/// <summary>The caller the API-key scheme authenticated for this request.</summary>
public static class CallerAccessor
{
    /// <summary>Only inside a function that requires the scheme: elsewhere there is no caller, which is a bug.</summary>
    public static CallerIdentity Caller(this HttpContext context) =>
        context.User is CallerPrincipal principal
            ? principal.Caller
            : throw new InvalidOperationException("No authenticated caller: the function lacks [Authorize(AuthenticationSchemes = ApiKeyAuthentication.Scheme)].");
}
