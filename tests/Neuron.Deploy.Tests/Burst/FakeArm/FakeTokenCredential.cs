using Azure.Core;

namespace Neuron.Deploy.Tests.Burst.FakeArm;

/// <summary>Hands out a fixed bearer token; the fake ARM server records it.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    public const string Token = "fake-arm-token";

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
