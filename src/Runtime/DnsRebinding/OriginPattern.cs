namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// One allowed-origins entry: <c>scheme://host[:port]</c> (<c>https://console.example.com</c>; without a port the
/// scheme's default), a host wildcard for subdomains (<c>https://*.example.com</c>), or <c>*</c> for every origin.
/// Scheme and port must match exactly, as browsers compare origins.
/// </summary>
public readonly record struct OriginPattern(string Scheme, HostPattern Host, int? Port, bool Any)
{
    public const string Everything = "*";

    /// <summary>Parses an entry (one trailing <c>/</c> is forgiven); <paramref name="problem"/> says what is wrong.</summary>
    public static bool TryParse(string? entry, out OriginPattern pattern, out string? problem)
    {
        pattern = default;
        problem = null;
        var text = entry?.Trim() ?? "";
        if (text == Everything)
        {
            pattern = new OriginPattern(Everything, default, null, Any: true);
            return true;
        }

        if (text == "null")
        {
            problem = "'null' cannot be allowed: it is the origin of every sandboxed frame and local file, whoever made them.";
            return false;
        }

        if (text.EndsWith('/') && !text.EndsWith("://", StringComparison.Ordinal))
        {
            text = text[..^1];
        }

        var subdomains = text.Contains("://*.", StringComparison.Ordinal);
        if (!WebOrigin.TryParse(subdomains ? text.Replace("://*.", "://", StringComparison.Ordinal) : text, out var origin))
        {
            problem = $"'{entry}' is not an origin; write scheme://host[:port] as a browser sends it, such as https://console.example.com or https://*.example.com.";
            return false;
        }

        if (subdomains && origin.Host.IsAddress)
        {
            problem = $"'{entry}': a wildcard needs a domain name after '*.', not an IP address.";
            return false;
        }

        pattern = new OriginPattern(origin.Scheme, new HostPattern(origin.Host.Name, subdomains, Any: false), origin.Port, Any: false);
        return true;
    }

    public bool Matches(WebOrigin origin) =>
        Any || (origin.Scheme == Scheme && origin.Port == Port && Host.Matches(origin.Host));

    public override string ToString()
    {
        if (Any)
        {
            return Everything;
        }

        var port = Port is { } p && p != WebOrigin.DefaultPort(Scheme) ? ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Scheme + "://" + Host + port;
    }
}
