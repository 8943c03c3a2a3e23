using System.Text;
using Neuron.Runner.Contracts;

namespace Neuron.Runner.Tests.Unit;

public sealed class RequestSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef");
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"language":"python"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void Signature_MatchesAnIndependentHmacComputation()
    {
        using var hmac = new System.Security.Cryptography.HMACSHA256(Secret);
        var expected = "sha256=" + Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes("1800000000." + Encoding.UTF8.GetString(Body))));

        Assert.Equal(expected, RequestSignature.Sign(Secret, 1_800_000_000, Body));
    }

    [Theory]
    [InlineData(0, SignatureCheck.Valid)]
    [InlineData(-299, SignatureCheck.Valid)]
    [InlineData(299, SignatureCheck.Valid)]
    [InlineData(-301, SignatureCheck.Stale)]
    [InlineData(301, SignatureCheck.Stale)]
    public void Verify_AcceptsOnlyFreshTimestamps(int skewSeconds, SignatureCheck expected)
    {
        var stamp = Now.AddSeconds(skewSeconds).ToUnixTimeSeconds();

        Assert.Equal(expected, RequestSignature.Verify(Secret, stamp.ToString(), RequestSignature.Sign(Secret, stamp, Body), Body, Now));
    }

    [Theory]
    [InlineData(null, "sha256=00", SignatureCheck.Missing)]
    [InlineData("1800000000", null, SignatureCheck.Missing)]
    [InlineData("soon", "sha256=00", SignatureCheck.Invalid)]
    [InlineData("1800000000", "sha256=00", SignatureCheck.Invalid)]
    public void Verify_RejectsMissingAndMalformedHeaders(string? timestamp, string? signature, SignatureCheck expected) =>
        Assert.Equal(expected, RequestSignature.Verify(Secret, timestamp, signature, Body, Now));

    [Fact]
    public void Verify_RejectsAnotherSecret()
    {
        var signature = RequestSignature.Sign(Encoding.UTF8.GetBytes("another secret, just as long......"), Now.ToUnixTimeSeconds(), Body);

        Assert.Equal(SignatureCheck.Invalid, RequestSignature.Verify(Secret, Now.ToUnixTimeSeconds().ToString(), signature, Body, Now));
    }
}
