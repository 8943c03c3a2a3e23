using System.Net;
using Microsoft.Extensions.Options;
using Neuron.Functions.Runs;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// What a <c>callbackUrl</c> must be at submission: <c>https</c> (<c>http</c> only with
/// <see cref="WebhooksOptions.AllowHttp"/>), no user info, a host; a literal IP address must be one
/// <see cref="WebhookAddresses"/> allows. A host name is judged at each attempt, after its resolution
/// (<see cref="WebhookHttpClient"/>): what it resolves to now need not be what it resolves to then.
/// </summary>
public sealed class CallbackUrlCheck(IOptions<WebhooksOptions> options) : ICallbackTargetCheck
{
    public string? Refusal(Uri url)
    {
        var o = options.Value;
        if (url.Scheme != Uri.UriSchemeHttps && !(o.AllowHttp && url.Scheme == Uri.UriSchemeHttp))
            return "the scheme must be https.";
        if (url.UserInfo.Length > 0)
            return "it must not carry user info (put a token in the path or query).";
        if (string.IsNullOrEmpty(url.Host))
            return "it has no host.";
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var address)
            && WebhookAddresses.Refusal(address, o.AllowLoopback) is { } refusal)
            return $"{url.Host} is {refusal}.";
        return null;
    }
}
