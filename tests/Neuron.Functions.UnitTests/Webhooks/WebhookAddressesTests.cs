using System.Net;
using Neuron.Functions.Webhooks;

namespace Neuron.Functions.UnitTests.Webhooks;

public sealed class WebhookAddressesTests
{
    [Theory]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("100.127.255.254", "carrier-grade NAT")]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.255.0.7", "loopback")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("172.31.255.255", "private")]
    [InlineData("192.168.1.1", "private")]
    [InlineData("198.18.0.1", "benchmarking")]
    [InlineData("224.0.0.251", "multicast")]
    [InlineData("255.255.255.255", "reserved")]
    [InlineData("::", "unspecified")]
    [InlineData("::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fc00::1", "unique-local")]
    [InlineData("fd12:3456::1", "unique-local")]
    [InlineData("ff02::1", "multicast")]
    [InlineData("2001:db8::1", "documentation")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::10.0.0.1", "private")]
    [InlineData("64:ff9b::a00:1", "private")]
    [InlineData("2002:c0a8:101::1", "private")]
    public void Refuses_NonPublicAddresses(string address, string kind)
    {
        var refusal = WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: false);

        Assert.NotNull(refusal);
        Assert.Contains(kind, refusal);
    }

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    [InlineData("64:ff9b::808:808")]
    public void Allows_PublicAddresses(string address) =>
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: false));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void AllowLoopback_AllowsLoopbackOnly(string address) =>
        Assert.Null(WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: true));

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("::")]
    [InlineData("0.0.0.0")]
    public void AllowLoopback_StillRefusesEveryOtherRange(string address) =>
        Assert.NotNull(WebhookAddresses.Refusal(IPAddress.Parse(address), allowLoopback: true));
}
