using System.Text;
using Neuron.Runner.Contracts;

namespace Neuron.Testing;

public static class SignedClient
{
    /// <summary>A client of a runner's /v1 API that signs every request with <paramref name="secret"/>.</summary>
    public static HttpClient Create(Uri runnerUrl, string secret) =>
        new(new SigningHandler(Encoding.UTF8.GetBytes(secret), TimeProvider.System) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = runnerUrl,
            Timeout = TimeSpan.FromMinutes(2),
        };
}
