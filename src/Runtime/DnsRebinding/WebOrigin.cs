namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// A serialized origin as browsers send it in the <c>Origin</c> header (<c>https://console.example.com:8443</c>): a
/// scheme and a host, with the scheme's default port filled in for http and https so that <c>https://a</c> and
/// <c>https://a:443</c> are one origin.
/// </summary>
public readonly record struct WebOrigin(string Scheme, RequestHost Host)
{
    /// <summary>The port the origin means: the explicit one, else 80 for http, 443 for https, else none.</summary>
    public int? Port => Host.Port ?? DefaultPort(Scheme);

    /// <summary>Parses <c>scheme://host[:port]</c>; a path, query, fragment or user info makes it no origin.</summary>
    public static bool TryParse(string? value, out WebOrigin origin)
    {
        origin = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var separator = value.IndexOf("://", StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(value[..separator]))
        {
            return false;
        }

        var authority = value[(separator + 3)..];
        if (authority.IndexOfAny(['/', '?', '#', '@', '\\']) >= 0 || !RequestHost.TryParse(authority, out var host))
        {
            return false;
        }

        origin = new WebOrigin(value[..separator].ToLowerInvariant(), host);
        return true;
    }

    public static int? DefaultPort(string scheme) => scheme switch
    {
        "http" => 80,
        "https" => 443,
        _ => null,
    };

    /// <summary>RFC 3986: a letter, then letters, digits, <c>+</c>, <c>-</c> or <c>.</c>.</summary>
    private static bool IsScheme(string scheme) =>
        char.IsAsciiLetter(scheme[0]) && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    public override string ToString() => Scheme + "://" + Host;
}
