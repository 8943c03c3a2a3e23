using Neuron.Functions.Keys;

namespace Neuron.Functions.UnitTests.Keys;

public sealed class ApiKeySecretsTests
{
    [Fact]
    public void NewKeysAndIds_HaveTheShapesTheirChecksAccept()
    {
        var secret = ApiKeySecrets.NewKey(ApiKeyKinds.Secret);
        var publishable = ApiKeySecrets.NewKey(ApiKeyKinds.Publishable);

        Assert.StartsWith("sk_", secret);
        Assert.StartsWith("pk_", publishable);
        Assert.True(ApiKeySecrets.LooksLikeKey(secret));
        Assert.True(ApiKeySecrets.LooksLikeKey(publishable));
        Assert.True(ApiKeySecrets.IsValidId(ApiKeySecrets.NewId()));
        Assert.NotEqual(secret, ApiKeySecrets.NewKey(ApiKeyKinds.Secret));
    }

    [Theory]
    [InlineData("sk_0123456789abcdefABCDEF0123456789\n")]
    [InlineData("xk_0123456789abcdefABCDEF0123456789")]
    [InlineData("sk_0123456789abcdefABCDEF012345678")]
    [InlineData("sk_0123456789abcdefABCDEF01234567-9")]
    public void LooksLikeKey_RefusesOtherShapes(string presented) => Assert.False(ApiKeySecrets.LooksLikeKey(presented));

    [Theory]
    [InlineData("key_0123456789abcdef\n")]
    [InlineData("key_0123456789abcde")]
    [InlineData("kex_0123456789abcdef")]
    public void IsValidId_RefusesOtherShapes(string id) => Assert.False(ApiKeySecrets.IsValidId(id));

    [Fact]
    public void Hash_IsTheLowercaseHexSha256OfTheKey() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeySecrets.Hash("abc"));
}
