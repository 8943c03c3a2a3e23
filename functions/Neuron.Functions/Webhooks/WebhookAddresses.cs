using System.Net;
using System.Net.Sockets;

namespace Neuron.Functions.Webhooks;

/// <summary>
/// Which addresses a webhook may connect to: public unicast only. Refused, for IPv4 and IPv6 alike: unspecified,
/// "this network", private (10/8, 172.16/12, 192.168/16), unique-local (fc00::/7), CGNAT (100.64/10), loopback
/// (127/8, ::1; allowed only by <see cref="WebhooksOptions.AllowLoopback"/>), link-local (169.254/16, fe80::/10),
/// site-local (fec0::/10), multicast (224/4, ff00::/8), reserved and broadcast (240/4), documentation and benchmarking
/// ranges, and IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64
/// 64:ff9b::/96, 6to4 2002::/16), which are judged by the IPv4 address inside. Teredo (2001::/32) is refused outright.
/// </summary>
public static class WebhookAddresses
{
    private static readonly (IPAddress Network, int Bits, string Kind)[] RefusedV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8, "an unspecified (this-network)"),
        (IPAddress.Parse("10.0.0.0"), 8, "a private"),
        (IPAddress.Parse("100.64.0.0"), 10, "a carrier-grade NAT (shared)"),
        (IPAddress.Parse("127.0.0.0"), 8, "a loopback"),
        (IPAddress.Parse("169.254.0.0"), 16, "a link-local"),
        (IPAddress.Parse("172.16.0.0"), 12, "a private"),
        (IPAddress.Parse("192.0.0.0"), 24, "an IETF protocol"),
        (IPAddress.Parse("192.0.2.0"), 24, "a documentation"),
        (IPAddress.Parse("192.88.99.0"), 24, "a 6to4 relay"),
        (IPAddress.Parse("192.168.0.0"), 16, "a private"),
        (IPAddress.Parse("198.18.0.0"), 15, "a benchmarking"),
        (IPAddress.Parse("198.51.100.0"), 24, "a documentation"),
        (IPAddress.Parse("203.0.113.0"), 24, "a documentation"),
        (IPAddress.Parse("224.0.0.0"), 4, "a multicast"),
        (IPAddress.Parse("240.0.0.0"), 4, "a reserved (or broadcast)"),
    ];

    private static readonly (IPAddress Network, int Bits, string Kind)[] RefusedV6 =
    [
        (IPAddress.Parse("::"), 128, "an unspecified"),
        (IPAddress.Parse("::1"), 128, "a loopback"),
        (IPAddress.Parse("100::"), 64, "a discard"),
        (IPAddress.Parse("2001::"), 32, "a Teredo"),
        (IPAddress.Parse("2001:db8::"), 32, "a documentation"),
        (IPAddress.Parse("fc00::"), 7, "a unique-local"),
        (IPAddress.Parse("fe80::"), 10, "a link-local"),
        (IPAddress.Parse("fec0::"), 10, "a site-local"),
        (IPAddress.Parse("ff00::"), 8, "a multicast"),
    ];

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");
    private static readonly IPAddress SixToFour = IPAddress.Parse("2002::");

    /// <summary>Why <paramref name="address"/> is refused ("a private address"), or null when a webhook may go there.</summary>
    public static string? Refusal(IPAddress address, bool allowLoopback)
    {
        var v4 = EmbeddedIPv4(address);
        if (v4 is not null)
            address = v4;
        var ranges = address.AddressFamily == AddressFamily.InterNetwork ? RefusedV4 : RefusedV6;
        foreach (var (network, bits, kind) in ranges)
        {
            if (!InRange(address, network, bits))
                continue;
            if (allowLoopback && IPAddress.IsLoopback(address))
                return null;
            return kind + " address";
        }
        return null;
    }

    /// <summary>The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        // ::a.b.c.d (deprecated IPv4-compatible; "::" and "::1" themselves are judged as IPv6 above).
        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (InRange(address, Nat64, 96))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (InRange(address, SixToFour, 16))
            return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }

    private static bool InRange(IPAddress address, IPAddress network, int bits)
    {
        if (address.AddressFamily != network.AddressFamily)
            return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var whole = bits / 8;
        if (!a.AsSpan(0, whole).SequenceEqual(n.AsSpan(0, whole)))
            return false;
        var rest = bits % 8;
        if (rest == 0)
            return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (a[whole] & mask) == (n[whole] & mask);
    }
}
