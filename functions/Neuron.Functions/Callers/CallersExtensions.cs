using Microsoft.AspNetCore.Authentication;

namespace Neuron.Functions.Callers;

public static class CallersExtensions
{
    /// <summary>
    /// The API-key scheme. Not the default scheme: only functions that require it pay its storage read.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeyAuthentication(this IHostApplicationBuilder builder)
    {
        // ASP.NET Core makes a lone scheme the default, which would authenticate every request (the playground's too).
        AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, _ => { });
        builder.Services.AddAuthorization();
        return builder;
    }
}
