using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// A host as a Host header or an origin names it, normalized for comparison: a DNS name in lower case without its
/// trailing dot, or an IP address in its canonical text (<c>127.0.0.1</c>, <c>[::1]</c>), with the port if one was given.
/// </summary>
public readonly record struct RequestHost(string Name, IPAddress? Address, int? Port)
{
    private const int MaxNameLength = 253;
    private const int MaxLabelLength = 63;

    public bool IsAddress => Address is not null;

    /// <summary>
    /// Parses <c>name</c>, <c>name:port</c>, <c>a.b.c.d[:port]</c> or <c>[ipv6][:port]</c>. Anything else — user info,
    /// paths, an IPv6 address without brackets or with a zone, a non-canonical IPv4 form such as <c>127.1</c> (browsers
    /// never send those) — is not a host.
    /// </summary>
    public static bool TryParse(string? value, out RequestHost host)
    {
        host = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        string hostPart;
        string? portPart;
        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            hostPart = value[..(close + 1)];
            var rest = value[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                return false;
            }

            portPart = rest.Length > 0 ? rest[1..] : null;
        }
        else
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && value.IndexOf(':', colon + 1) >= 0)
            {
                return false;
            }

            hostPart = colon < 0 ? value : value[..colon];
            portPart = colon < 0 ? null : value[(colon + 1)..];
        }

        int? port = null;
        if (portPart is not null)
        {
            if (portPart.Length is 0 or > 5 || !portPart.All(char.IsAsciiDigit)
                || !int.TryParse(portPart, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
            {
                return false;
            }

            port = number;
        }

        if (hostPart[0] == '[')
        {
            var inner = hostPart[1..^1];
            if (inner.Contains('%', StringComparison.Ordinal)
                || !IPAddress.TryParse(inner, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = new RequestHost("[" + v6 + "]", v6, port);
            return true;
        }

        var name = hostPart.EndsWith('.') ? hostPart[..^1] : hostPart;
        name = name.ToLowerInvariant();
        if (!IsDnsName(name))
        {
            return false;
        }

        var v4 = IPAddress.TryParse(name, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetwork && parsed.ToString() == name
            ? parsed
            : null;
        host = new RequestHost(name, v4, port);
        return true;
    }

    /// <summary>Letters, digits, <c>-</c> and <c>_</c> in dot-separated labels of 1-63 characters, 253 at most in all.</summary>
    public static bool IsDnsName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() =>
        Port is { } port ? Name + ":" + port.ToString(CultureInfo.InvariantCulture) : Name;
}
